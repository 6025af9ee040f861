namespace Hiy.Web.Auth;

/// <summary>
/// Slows guessing of passwords and setup codes: after <see cref="FreeAttempts"/> failures from one
/// client, each further attempt must wait twice as long as the last (1 s, 2 s, 4 s … capped at 15 min).
/// A success clears the client's record.
/// </summary>
/// <remarks>
/// An attempt takes a slot (<see cref="TryAcquire"/>) before its body is read, under one lock: failures plus attempts
/// in flight never exceed the free ones, and past them only one attempt runs at a time. Checking the record and
/// counting the failure apart let 60 parallel guesses all be checked before the first failure was counted (issue 13
/// item 2).
/// </remarks>
public sealed class AttemptThrottle(TimeProvider time)
{
    public const int FreeAttempts = 5;
    private static readonly TimeSpan MaxDelay = TimeSpan.FromMinutes(15);
    /// <summary>What a client told "one attempt at a time" is asked to wait: about one password check.</summary>
    private static readonly TimeSpan BusyRetry = TimeSpan.FromSeconds(1);
    private readonly Lock _lock = new();
    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    private sealed class Entry
    {
        public int Failures;
        public int InFlight;
        public DateTimeOffset BlockedUntil;
    }

    /// <summary>
    /// Takes an attempt slot for <paramref name="client"/>, or says how long it must wait. The caller ends the slot
    /// with <see cref="Slot.Failure"/>, <see cref="Slot.Success"/> or (no verdict: a malformed body) disposing it.
    /// </summary>
    public Slot? TryAcquire(string client, out TimeSpan retryAfter)
    {
        var now = time.GetUtcNow();
        lock (_lock)
        {
            if (!_entries.TryGetValue(client, out var e))
            {
                if (_entries.Count >= 10_000)
                    Prune(now);
                _entries[client] = e = new Entry { BlockedUntil = now };
            }
            if (e.BlockedUntil > now)
            {
                retryAfter = e.BlockedUntil - now;
                return null;
            }
            if (e.Failures + e.InFlight >= FreeAttempts && e.InFlight > 0)
            {
                retryAfter = BusyRetry;
                return null;
            }
            e.InFlight++;
            retryAfter = TimeSpan.Zero;
            return new Slot(this, client);
        }
    }

    /// <summary>How long the client must still wait; zero when it may try now (ignores attempts in flight).</summary>
    public TimeSpan RetryAfter(string client)
    {
        lock (_lock)
        {
            if (!_entries.TryGetValue(client, out var e))
                return TimeSpan.Zero;
            var left = e.BlockedUntil - time.GetUtcNow();
            return left > TimeSpan.Zero ? left : TimeSpan.Zero;
        }
    }

    /// <summary>Counts a failure outside a slot (the attempt was not reserved).</summary>
    public void Failure(string client) => End(client, failed: true, inFlight: false);

    public void Success(string client)
    {
        lock (_lock)
            _entries.Remove(client);
    }

    private void End(string client, bool failed, bool inFlight)
    {
        var now = time.GetUtcNow();
        lock (_lock)
        {
            if (!_entries.TryGetValue(client, out var e))
            {
                if (!failed)
                    return;
                _entries[client] = e = new Entry { BlockedUntil = now };
            }
            if (inFlight && e.InFlight > 0)
                e.InFlight--;
            if (failed)
            {
                e.Failures++;
                var until = now + Delay(e.Failures);
                if (until > e.BlockedUntil)
                    e.BlockedUntil = until;
            }
            else if (e.Failures == 0 && e.InFlight == 0)
            {
                _entries.Remove(client);
            }
        }
    }

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
        foreach (var (k, e) in _entries.ToArray())
        {
            if (e.InFlight == 0 && e.BlockedUntil + MaxDelay < now)
                _entries.Remove(k);
        }
    }

    /// <summary>One reserved attempt; ends exactly once.</summary>
    public sealed class Slot : IDisposable
    {
        private readonly AttemptThrottle _owner;
        private readonly string _client;
        private int _ended;

        internal Slot(AttemptThrottle owner, string client)
        {
            _owner = owner;
            _client = client;
        }

        public void Failure()
        {
            if (Interlocked.Exchange(ref _ended, 1) == 0)
                _owner.End(_client, failed: true, inFlight: true);
        }

        public void Success()
        {
            if (Interlocked.Exchange(ref _ended, 1) == 0)
                _owner.Success(_client);
        }

        /// <summary>No verdict (the body was malformed, the client went away): the slot is freed uncounted.</summary>
        public void Dispose()
        {
            if (Interlocked.Exchange(ref _ended, 1) == 0)
                _owner.End(_client, failed: false, inFlight: true);
        }
    }
}
