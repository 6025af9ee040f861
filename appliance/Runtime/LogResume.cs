using Hiy.Store;

namespace Hiy.Runtime;

/// <summary>
/// Where a log collector picks up again after the follow ended (the container exited and restarted, or hiy
/// restarted): Docker replays from <c>since</c> (whole seconds) with nanosecond timestamps, while the store keeps
/// milliseconds. Comparing the two directly let the newest stored line through a second time (its replayed time,
/// say …00.123456789, is later than the stored …00.123), so every exit repeated the last line. Pure: a replayed
/// line is skipped when its millisecond is older than the newest stored one, or when it is the next of the lines
/// stored in that same millisecond (same stream, same text, in order); anything else is new.
/// </summary>
public sealed class LogResume
{
    private readonly DateTimeOffset? _newest;
    private readonly IReadOnlyList<LogLine> _atNewest;
    private int _matched;

    /// <param name="atNewest">The stored lines of the newest stored millisecond, oldest first (empty: nothing stored).</param>
    public LogResume(IReadOnlyList<LogLine> atNewest)
    {
        _atNewest = atNewest;
        _newest = atNewest.Count > 0 ? Truncate(atNewest[^1].Time) : null;
    }

    /// <summary>The <c>since</c> to ask Docker for (null: from the start).</summary>
    public DateTimeOffset? Since => _newest;

    /// <summary>True when the replayed line is already stored. Call for every line, in order.</summary>
    public bool IsStored(DateTimeOffset? time, string stream, string redactedText)
    {
        if (_newest is not { } newest || time is not { } t)
            return false;
        var ms = Truncate(t);
        if (ms < newest)
            return true;
        if (ms > newest || _matched >= _atNewest.Count)
            return false;
        var next = _atNewest[_matched];
        if (next.Stream != stream || next.Text != redactedText)
            return false;
        _matched++;
        return true;
    }

    /// <summary>The store's precision: whole milliseconds.</summary>
    public static DateTimeOffset Truncate(DateTimeOffset t) =>
        new(t.UtcTicks - t.UtcTicks % TimeSpan.TicksPerMillisecond, TimeSpan.Zero);
}
