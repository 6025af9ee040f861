using Hiy.Hardware;
using Hiy.Store;

namespace Hiy.Ops;

/// <summary>
/// Records a <see cref="SystemSample"/> at start and every <see cref="Interval"/> (a week of history is
/// about 2,000 rows), so a support bundle can show how disk and temperature went before a problem.
/// </summary>
public sealed class SystemSampler(SystemProbe probe, SystemSampleRepository samples, TimeProvider time, ILogger<SystemSampler> log)
    : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromMinutes(5);

    public SystemSample SampleNow()
    {
        var s = probe.Read();
        samples.Add(s);
        return s;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, time);
        do
        {
            try
            {
                SampleNow();
            }
            catch (Exception e) when (e is IOException or StoreException or Microsoft.Data.Sqlite.SqliteException)
            {
                OpsLog.SampleFailed(log, e.Message);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }
}
