namespace Hiy.Ops.Alerts;

/// <summary>One way an alert reaches its owner; a failure throws <see cref="OpsException"/> naming the channel and why.</summary>
public interface IAlertChannel
{
    /// <summary>webhook, telegram or email: the key deliveries are recorded under.</summary>
    string Name { get; }

    Task SendAsync(AlertMessage message, CancellationToken ct);
}
