namespace Hiy.Ops.Backups;

/// <summary>
/// The daily backup: checks hourly (on <see cref="TimeProvider"/>) whether the newest backup is a day old, writes one
/// when it is, then deletes the backups past retention. A failure is logged and tried again at the next check.
/// </summary>
public sealed class BackupScheduler(BackupService backups, int retentionDays, TimeProvider time, ILogger<BackupScheduler> log) : BackgroundService
{
    public static readonly TimeSpan CheckEvery = TimeSpan.FromHours(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(CheckEvery, time);
        do
        {
            await RunOnceAsync(stoppingToken);
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
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
