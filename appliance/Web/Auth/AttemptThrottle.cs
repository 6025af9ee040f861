using System.Collections.Concurrent;

namespace Hiy.Web.Auth;

/// <summary>
/// Slows guessing of passwords and setup codes: after <see cref="FreeAttempts"/> failures from one
/// client, each further attempt must wait twice as long as the last (1 s, 2 s, 4 s … capped at 15 min).
/// A success clears the client's record.
/// </summary>
public sealed class AttemptThrottle(TimeProvider time)
{
    public const int FreeAttempts = 5;
    private static readonly TimeSpan MaxDelay = TimeSpan.FromMinutes(15);
    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    private sealed record Entry(int Failures, DateTimeOffset BlockedUntil);

    /// <summary>How long the client must still wait; zero when it may try now.</summary>
    public TimeSpan RetryAfter(string client)
    {
        if (!_entries.TryGetValue(client, out var e))
            return TimeSpan.Zero;
        var left = e.BlockedUntil - time.GetUtcNow();
        return left > TimeSpan.Zero ? left : TimeSpan.Zero;
    }

    public void Failure(string client)
    {
        var now = time.GetUtcNow();
        _entries.AddOrUpdate(client,
            _ => new Entry(1, now),
            (_, e) => new Entry(e.Failures + 1, now + Delay(e.Failures + 1)));
        if (_entries.Count > 10_000)
            Prune(now);
    }

    public void Success(string client) => _entries.TryRemove(client, out _);

    public static TimeSpan Delay(int failures)
    {
        if (failures <= FreeAttempts)
            return TimeSpan.Zero;
        var exponent = Math.Min(failures - FreeAttempts - 1, 20);
        var delay = TimeSpan.FromSeconds(Math.Pow(2, exponent));
        return delay < MaxDelay ? delay : MaxDelay;
    }

    private void Prune(DateTimeOffset now)
    {
        foreach (var (k, e) in _entries)
        {
            if (e.BlockedUntil + MaxDelay < now)
                _entries.TryRemove(k, out _);
        }
    }
}
