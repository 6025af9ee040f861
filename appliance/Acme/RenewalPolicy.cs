namespace Hiy.Acme;

/// <summary>
/// When to renew and how long to back off after failures. Pure: every input, the clock included,
/// comes in as a value. A third of the lifetime left is Let's Encrypt's advice (30 days of 90).
/// </summary>
public static class RenewalPolicy
{
    /// <summary>Waits after the 1st, 2nd, … consecutive failure; the last one repeats.</summary>
    public static readonly IReadOnlyList<TimeSpan> BackoffSchedule =
    [
        TimeSpan.FromMinutes(1),
        TimeSpan.FromMinutes(10),
        TimeSpan.FromHours(1),
        TimeSpan.FromHours(3),
        TimeSpan.FromHours(6),
        TimeSpan.FromHours(12),
    ];

    /// <summary>The moment a third of the lifetime is left.</summary>
    public static DateTimeOffset RenewAt(DateTimeOffset notBefore, DateTimeOffset notAfter) =>
        notAfter - (notAfter - notBefore) / 3;

    public static bool IsDue(DateTimeOffset notBefore, DateTimeOffset notAfter, DateTimeOffset now) =>
        now >= RenewAt(notBefore, notAfter);

    /// <summary>The wait after <paramref name="consecutiveFailures"/> failures in a row (zero for none).</summary>
    public static TimeSpan Backoff(int consecutiveFailures) =>
        consecutiveFailures <= 0 ? TimeSpan.Zero : BackoffSchedule[Math.Min(consecutiveFailures, BackoffSchedule.Count) - 1];

    /// <summary>When the next issuance attempt should run: at the renewal point, or after the backoff of failures.</summary>
    public static DateTimeOffset NextAttempt(RenewalState state)
    {
        var due = state is { NotBefore: { } nb, NotAfter: { } na } ? RenewAt(nb, na) : DateTimeOffset.MinValue;
        if (state.ConsecutiveFailures > 0 && state.LastFailureAt is { } failedAt)
        {
            var retry = failedAt + Backoff(state.ConsecutiveFailures);
            return retry > due ? retry : due;
        }
        return due;
    }

    public static RenewalStatus Evaluate(RenewalState state, DateTimeOffset now)
    {
        if (state is { NotAfter: { } na } && now >= na)
            return RenewalStatus.Expired;
        if (state.ConsecutiveFailures > 0 && now < NextAttempt(state))
            return RenewalStatus.BackingOff;
        if (state is not { NotBefore: { } nb, NotAfter: { } notAfter })
            return RenewalStatus.Missing;
        return IsDue(nb, notAfter, now) ? RenewalStatus.RenewalDue : RenewalStatus.Valid;
    }
}
