namespace Hiy.Ops.Backups;

/// <summary>The schedule and retention decisions, pure so they are tested with plain dates.</summary>
public static class BackupPolicy
{
    public static readonly TimeSpan Interval = TimeSpan.FromDays(1);

    /// <summary>A scheduled backup is due when there is none, or the newest is a day old.</summary>
    public static bool Due(DateTimeOffset? newest, DateTimeOffset now) => newest is not { } at || now - at >= Interval;

    /// <summary>
    /// The backups older than <paramref name="retentionDays"/>, never the newest one (an owner back from a long trip
    /// still has one backup), none when retention is 0 (keep all).
    /// </summary>
    public static IReadOnlyList<BackupInfo> Expired(IEnumerable<BackupInfo> backups, DateTimeOffset now, int retentionDays)
    {
        var ordered = backups.OrderByDescending(b => b.CreatedAt).ToList();
        if (retentionDays <= 0 || ordered.Count <= 1)
            return [];
        var cutoff = now - TimeSpan.FromDays(retentionDays);
        return ordered.Skip(1).Where(b => b.CreatedAt < cutoff).ToList();
    }
}
