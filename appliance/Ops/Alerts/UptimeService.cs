using Hiy.Hardware;
using Hiy.Store;

namespace Hiy.Ops.Alerts;

/// <summary>
/// Every <see cref="Interval"/> (on <see cref="TimeProvider"/>): one uptime check of each app, stored, then the alert rules
/// over the checks, the machine, the certificates and the UPS. Certificates and the battery come through delegates the
/// composition root points at Acme and the UPS reader (Ops calls neither).
/// </summary>
public sealed class UptimeService(
    UptimeChecker checker,
    UptimeRepository uptime,
    AppRepository apps,
    AlertMonitor monitor,
    SystemProbe probe,
    Func<string> domain,
    Func<IReadOnlyList<CertificateFailure>> certificates,
    Func<double?> batteryPercent,
    TimeProvider time,
    ILogger<UptimeService> log)
    : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(30);

    /// <summary>One round: check, store, evaluate and deliver.</summary>
    public async Task RunOnceAsync(CancellationToken ct)
    {
        var checks = await checker.CheckAsync(apps.List(), domain(), ct).ConfigureAwait(false);
        uptime.Add(checks, time.GetUtcNow());
        var live = UptimeChecker.Checked(apps.List()).Select(a => a.Name).ToHashSet(StringComparer.Ordinal);
        var downSince = uptime.DownSince().Where(d => live.Contains(d.Key)).ToDictionary(d => d.Key, d => d.Value, StringComparer.Ordinal);
        var inputs = new AlertInputs(time.GetUtcNow(), downSince, probe.Read(), await probe.ThrottlingAsync(ct).ConfigureAwait(false),
            certificates(), batteryPercent());
        await monitor.EvaluateAsync(inputs, ct).ConfigureAwait(false);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            try
            {
                await RunOnceAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is IOException or StoreException or Microsoft.Data.Sqlite.SqliteException)
            {
                AlertsLog.CheckFailed(log, e.Message);
            }
        }
    }
}
