using Hiy.Acme;
using Hiy.Hardware;
using Hiy.Hardware.Ups;
using Hiy.Ops;
using Hiy.Runtime;
using Hiy.Store;

namespace Hiy.Web.Api;

/// <summary>GET /api/v1/system, /system/history and /apps/{app}/metrics: the machine and its apps now and over time.</summary>
public sealed class SystemStatusEndpoints(
    SystemProbe probe,
    CpuMeter cpu,
    AppStatsReader appStats,
    CertificateManager certificates,
    SystemSampleRepository systemSamples,
    AppSampleRepository appSamples,
    AppsEndpoints appsApi,
    DiskGuard disk,
    UpsReader ups,
    TimeProvider time)
{
    public const int MaxPoints = 300;

    public async Task GetAsync(HttpContext ctx)
    {
        var sample = probe.Read();
        var space = disk.Current();
        var throttling = await probe.ThrottlingAsync(ctx.RequestAborted);
        var containers = await appStats.ReadRecentAsync(ctx.RequestAborted);
        var view = new SystemView(
            probe.Model(), sample.UptimeSeconds, cpu.Read(), probe.Load(),
            new MemoryView(sample.MemoryTotalBytes, sample.MemoryAvailableBytes),
            new DiskView(probe.DiskPath, sample.DiskTotalBytes, sample.DiskFreeBytes, space.Full, space.MinFreeBytes),
            sample.TemperatureC, ThrottlingView.From(throttling), NetworkAddresses.OfThisMachine(),
            containers.Select(c => new ContainerUsageView(c.App, c.CpuPercent, c.MemoryBytes, c.MemoryLimitBytes)).ToList(),
            certificates.List().Select(c =>
            {
                var (at, result) = c.LastRenewal();
                return new CertificateSummaryView(c.PrimaryName, c.NotAfter, at, result);
            }).ToList(),
            UpsView.From(ups.Read()));
        await HttpResults.Json(ctx, view, ApiJsonContext.Default.SystemView);
    }

    public async Task HistoryAsync(HttpContext ctx)
    {
        if (await RangeAsync(ctx) is not { } range)
            return;
        var to = time.GetUtcNow();
        var from = to - range.Span;
        var points = HistoryBuckets.Downsample(systemSamples.Since(from), s => s.Time, from, to, MaxPoints, bucket => new SystemHistoryPoint(
            bucket[0].Time,
            HistoryBuckets.MeanOrNull(bucket.Select(s => s.CpuPercent)),
            (long)bucket.Average(s => (double)(s.MemoryTotalBytes - s.MemoryAvailableBytes)),
            (long)bucket.Average(s => (double)s.DiskFreeBytes),
            HistoryBuckets.MeanOrNull(bucket.Select(s => s.TemperatureC))));
        await HttpResults.Json(ctx, new SystemHistoryView(range.Name, points), ApiJsonContext.Default.SystemHistoryView);
    }

    public async Task AppMetricsAsync(HttpContext ctx)
    {
        if (await appsApi.FindAsync(ctx) is not { } app || await RangeAsync(ctx) is not { } range)
            return;
        var to = time.GetUtcNow();
        var from = to - range.Span;
        var points = HistoryBuckets.Downsample(appSamples.Since(app.Name, from), s => s.At, from, to, MaxPoints, bucket => new AppMetricsPoint(
            bucket[0].At,
            Math.Round(bucket.Average(s => s.CpuPercent), 1),
            (long)bucket.Average(s => (double)s.MemoryBytes)));
        await HttpResults.Json(ctx, new AppMetricsView(range.Name, points), ApiJsonContext.Default.AppMetricsView);
    }

    /// <summary>The two ranges the graphs offer; absent means 24h.</summary>
    public static (string Name, TimeSpan Span)? ParseRange(string? range) => range switch
    {
        null or "" or "24h" => ("24h", TimeSpan.FromHours(24)),
        "7d" => ("7d", TimeSpan.FromDays(7)),
        _ => null,
    };

    private static async Task<(string Name, TimeSpan Span)?> RangeAsync(HttpContext ctx)
    {
        var raw = ctx.Request.Query["range"];
        if (raw.Count <= 1 && ParseRange(raw.ToString()) is { } range)
            return range;
        await HttpResults.Problem(ctx, 400, "Bad request", $"range must be 24h or 7d, not '{raw}'",
            new Dictionary<string, string> { ["range"] = "must be 24h or 7d" });
        return null;
    }
}
