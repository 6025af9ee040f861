namespace Hiy.Hardware.Ups;

/// <summary>A change of the power situation: on battery, power restored, or the low-battery shutdown starting.</summary>
public sealed record UpsTransition(UpsState State, UpsReading Reading, DateTimeOffset At);

/// <summary>Where the UPS monitor reports its transitions (alert delivery subscribes here).</summary>
public interface IUpsEvents
{
    void Publish(UpsTransition transition);
}

/// <summary>The one <see cref="IUpsEvents"/>: subscribers hang on <see cref="Transition"/>; one that throws does not stop the others.</summary>
public sealed class UpsEvents : IUpsEvents
{
    public event Action<UpsTransition>? Transition;

    public void Publish(UpsTransition transition)
    {
        foreach (var handler in Transition?.GetInvocationList().Cast<Action<UpsTransition>>() ?? [])
        {
            try
            {
                handler(transition);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // a subscriber's failure is its own; the shutdown sequence must go on
            }
        }
    }
}
