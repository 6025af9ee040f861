namespace Hiy.Hardware;

/// <summary>
/// The CPU % since the previous reading of the same meter. A reading less than <see cref="MinTicks"/> ticks after the last
/// (a dashboard polling fast) answers the last figure rather than a noisy one over a few milliseconds. The first reading
/// has nothing to compare with and gives the average since boot. Each consumer (the API, the sampler) has its own meter,
/// so one does not shorten the other's window.
/// </summary>
public sealed class CpuMeter(Func<string> readProcStat)
{
    /// <summary>Half a second of one core at USER_HZ 100.</summary>
    public const ulong MinTicks = 50;

    private readonly Lock _lock = new();
    private CpuTimes? _previous;
    private double? _last;

    public double? Read()
    {
        if (CpuTimes.Parse(readProcStat()) is not { } now)
            return null;
        lock (_lock)
        {
            var previous = _previous ?? new CpuTimes(0, 0);
            if (_previous is not null && now.Total - previous.Total < MinTicks && now.Total >= previous.Total)
                return _last;
            _last = CpuTimes.PercentBetween(previous, now) ?? _last;
            _previous = now;
            return _last;
        }
    }
}
