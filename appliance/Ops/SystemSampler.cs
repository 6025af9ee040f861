using Hiy.Hardware;
using Hiy.Store;

namespace Hiy.Ops;

/// <summary>
/// Records a <see cref="SystemSample"/> (with the CPU % since the previous one) and every running app's container figures at
/// start and every <see cref="Interval"/> (a week of history is about 2,000 rows per series), for the support bundle's history
/// and GET /api/v1/system/history and /apps/{app}/metrics. The apps' figures come through a delegate (the runtime's stats
/// reader): Ops does not call Runtime.
/// </summary>
public sealed class SystemSampler(
    SystemProbe probe,
    SystemSampleRepository samples,
    AppSampleRepository appSamples,
    Func<CancellationToken, Task<IReadOnlyList<AppSample>>> readApps,
    TimeProvider time,
    ILogger<SystemSampler> log)
    : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromMinutes(5);

    // The sampler's own meter: its CPU % spans the whole interval, whatever the API's readings do meanwhile.
    private readonly CpuMeter _cpu = new(probe.ProcStat);

    public SystemSample SampleNow()
    {
        var s = probe.Read(_cpu);
        samples.Add(s);
        return s;
    }

    public async Task<int> SampleAppsNowAsync(CancellationToken ct)
    {
        var apps = await readApps(ct).ConfigureAwait(false);
        appSamples.Add(apps, time.GetUtcNow());
        return apps.Count;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, time);
        do
        {
            try
            {
                SampleNow();
                await SampleAppsNowAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is IOException or StoreException or Microsoft.Data.Sqlite.SqliteException)
            {
                OpsLog.SampleFailed(log, e.Message);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }
}
