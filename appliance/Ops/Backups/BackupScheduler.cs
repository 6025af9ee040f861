namespace Hiy.Ops.Backups;

/// <summary>
/// The daily backup: checks hourly (on <see cref="TimeProvider"/>, first an hour after start) whether the newest backup is a day old, writes one
/// when it is, then deletes the backups past retention. A failure is logged and tried again at the next check.
/// </summary>
public sealed class BackupScheduler(BackupService backups, int retentionDays, TimeProvider time, ILogger<BackupScheduler> log) : BackgroundService
{
    public static readonly TimeSpan CheckEvery = TimeSpan.FromHours(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // The first check an hour after start: not while hiy is starting, and not before a fresh box is set up.
        using var timer = new PeriodicTimer(CheckEvery, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
            await RunOnceAsync(stoppingToken);
    }

    public async Task RunOnceAsync(CancellationToken ct)
    {
        try
        {
            if (BackupPolicy.Due(backups.List().FirstOrDefault()?.CreatedAt, time.GetUtcNow())
                && (await backups.CreateAsync(null, ct)).Error is { } error)
                BackupsLog.ScheduledFailed(log, error.Detail);
            if (backups.Prune() is > 0 and var pruned)
                BackupsLog.Pruned(log, pruned, retentionDays);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or Store.StoreException)
        {
            BackupsLog.ScheduledFailed(log, e.Message);
        }
    }
}
