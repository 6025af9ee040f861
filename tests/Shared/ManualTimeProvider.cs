namespace Hiy.Tests;

/// <summary>
/// A clock tests move by hand. With <see cref="ManualTimers"/> its timers (Task.Delay, CancelAfter and the
/// like on this provider) and its timestamps follow the hand-moved clock too: a timer fires only inside
/// <see cref="Advance"/>, once the clock reaches its due time. Without it timers run on the real clock.
/// </summary>
public sealed class ManualTimeProvider(DateTimeOffset start) : TimeProvider
{
    private readonly Lock _lock = new();
    private readonly List<ManualTimer> _timers = [];
    private DateTimeOffset _now = start;

    public ManualTimeProvider() : this(new DateTimeOffset(2026, 11, 22, 12, 0, 0, TimeSpan.Zero)) { }

    /// <summary>Timers and timestamps follow the manual clock (set before first use).</summary>
    public bool ManualTimers { get; init; }

    public override DateTimeOffset GetUtcNow() { lock (_lock) return _now; }

    public override long TimestampFrequency => ManualTimers ? TimeSpan.TicksPerSecond : base.TimestampFrequency;

    public override long GetTimestamp() => ManualTimers ? GetUtcNow().UtcTicks : base.GetTimestamp();

    /// <summary>How many timers wait to fire (a test can wait for code to reach its delay).</summary>
    public int PendingTimers { get { lock (_lock) return _timers.Count(t => t.Due is not null); } }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        if (!ManualTimers)
            return base.CreateTimer(callback, state, dueTime, period);
        var timer = new ManualTimer(this, callback, state);
        lock (_lock)
            _timers.Add(timer);
        timer.Change(dueTime, period);
        return timer;
    }

    /// <summary>Moves the clock, firing each timer due on the way at its due time, in order.</summary>
    public void Advance(TimeSpan by)
    {
        DateTimeOffset target;
        lock (_lock)
            target = _now + by;
        while (true)
        {
            ManualTimer? next;
            lock (_lock)
            {
                next = _timers.Where(t => t.Due is { } d && d <= target).MinBy(t => t.Due);
                if (next is null)
                {
                    _now = target;
                    return;
                }
                _now = next.Due!.Value;
                next.Due = next.Period is { } p ? _now + p : null;
            }
            next.Fire();
        }
    }

    private sealed class ManualTimer(ManualTimeProvider clock, TimerCallback callback, object? state) : ITimer
    {
        public DateTimeOffset? Due { get; set; }
        public TimeSpan? Period { get; set; }

        public void Fire() => callback(state);

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            lock (clock._lock)
            {
                Due = dueTime == Timeout.InfiniteTimeSpan ? null : clock._now + dueTime;
                Period = period == Timeout.InfiniteTimeSpan || period == TimeSpan.Zero ? null : period;
            }
            return true;
        }

        public void Dispose()
        {
            lock (clock._lock)
                clock._timers.Remove(this);
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
