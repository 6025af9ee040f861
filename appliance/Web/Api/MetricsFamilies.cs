using Hiy.Acme;
using Hiy.Hardware;
using Hiy.Ops;
using Hiy.Proxy;
using Hiy.Store;

namespace Hiy.Web.Api;

/// <summary>
/// GET /metrics' families, each written from values already read (pure, so a test can check names and shapes without a
/// machine). Every family is always declared, also when it has no sample yet (no apps, no UPS), so a dashboard built on
/// them finds every name.
/// </summary>
public static class MetricsFamilies
{
    public static void Apps(PrometheusText text, IReadOnlyList<AppRecord> apps, IReadOnlyList<AppSample> samples, IReadOnlyDictionary<string, int> restarts)
    {
        text.Family("hiy_app_up", "gauge", "1 when the app is running (its container, or its static site, serves), else 0.");
        foreach (var a in apps)
            text.Sample("hiy_app_up", a.Status == AppStatus.Running ? 1 : 0, "app", a.Name, "status", AppRecord.StatusText(a.Status));
        text.Family("hiy_app_restarts_total", "counter", "Restarts of the app's current container, as docker counts them.");
        foreach (var (app, n) in restarts.OrderBy(r => r.Key, StringComparer.Ordinal))
            text.Sample("hiy_app_restarts_total", n, "app", app);
        text.Family("hiy_app_cpu_percent", "gauge", "CPU of the app's container as docker stats counts it (100 = one core).");
        foreach (var s in samples)
            text.Sample("hiy_app_cpu_percent", s.CpuPercent, "app", s.App);
        text.Family("hiy_app_memory_bytes", "gauge", "Memory of the app's container, without page cache.");
        foreach (var s in samples)
            text.Sample("hiy_app_memory_bytes", s.MemoryBytes, "app", s.App);
        text.Family("hiy_app_memory_limit_bytes", "gauge", "The memory limit of the app's container.");
        foreach (var s in samples.Where(s => s.MemoryLimitBytes is not null))
            text.Sample("hiy_app_memory_limit_bytes", s.MemoryLimitBytes!.Value, "app", s.App);
    }

    public static void Proxy(PrometheusText text, IReadOnlyList<RouteMeter> meters)
    {
        text.Family("hiy_proxy_requests_total", "counter", "Requests the proxy answered for an app or static site, by status class.");
        foreach (var m in meters)
            for (var cls = 1; cls <= 5; cls++)
                text.Sample("hiy_proxy_requests_total", m.Requests(cls), "app", m.Name, "kind", KindLabel(m), "code", cls + "xx");
        text.Family("hiy_proxy_request_duration_seconds", "histogram", "Time from the request reaching the proxy to its answer's end.");
        var counts = new long[RouteMeter.Bounds.Length + 1];
        foreach (var m in meters)
        {
            for (var i = 0; i < counts.Length; i++)
                counts[i] = m.Bucket(i);
            text.Histogram("hiy_proxy_request_duration_seconds", RouteMeter.Bounds, counts, m.SumSeconds, "app", m.Name, "kind", KindLabel(m));
        }
    }

    /// <summary>Build durations of the deploys the store holds (the last 100 per app), from start to finish, per app.</summary>
    public static void Builds(PrometheusText text, IReadOnlyList<DeployRecord> deploys)
    {
        text.Family("hiy_build_duration_seconds", "histogram", "Duration of finished deploys (build to swap) of the last 100 per app, from the store.");
        foreach (var app in deploys.GroupBy(d => d.App).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var counts = new long[BuildBoundsCount + 1];
            double sum = 0;
            foreach (var d in app)
            {
                if (d.StartedAt is not { } start || d.FinishedAt is not { } end || !d.IsFinished)
                    continue;
                var seconds = Math.Max(0, (end - start).TotalSeconds);
                var i = 0;
                while (i < BuildBoundsCount && seconds > MetricsEndpoint.BuildBounds[i])
                    i++;
                counts[i]++;
                sum += seconds;
            }
            text.Histogram("hiy_build_duration_seconds", MetricsEndpoint.BuildBounds, counts, sum, "app", app.Key);
        }
        text.Family("hiy_deploys", "gauge", "Deploys the store holds (the last 100 per app), by status.");
        foreach (var group in deploys.GroupBy(d => (d.App, Status: d.Status.ToString().ToLowerInvariant())).OrderBy(g => g.Key.App, StringComparer.Ordinal))
            text.Sample("hiy_deploys", group.Count(), "app", group.Key.App, "status", group.Key.Status);
    }

    public static void Certificates(PrometheusText text, IReadOnlyList<CertificateStatus> certificates)
    {
        text.Family("hiy_certificate_expiry_timestamp_seconds", "gauge", "When the certificate served for a domain expires (Unix time).");
        foreach (var c in certificates.Where(c => c.NotAfter is not null))
            text.Sample("hiy_certificate_expiry_timestamp_seconds", c.NotAfter!.Value.ToUnixTimeSeconds(), "domain", c.PrimaryName);
        text.Family("hiy_certificate_renewal_failures", "gauge", "Renewal attempts that failed in a row for a domain's certificate (0: the last one worked).");
        foreach (var c in certificates)
            text.Sample("hiy_certificate_renewal_failures", c.ConsecutiveFailures, "domain", c.PrimaryName);
    }

    public static void Host(PrometheusText text, SystemSample sample, double? cpuPercent, Throttling throttling)
    {
        text.Family("hiy_host_cpu_percent", "gauge", "The machine's CPU use since the previous scrape, all cores (100 = all busy).");
        if (cpuPercent is { } cpu)
            text.Sample("hiy_host_cpu_percent", cpu);
        text.Family("hiy_host_load1", "gauge", "The 1-minute load average.");
        text.Sample("hiy_host_load1", sample.Load1);
        text.Family("hiy_host_memory_total_bytes", "gauge", "The machine's memory.");
        text.Sample("hiy_host_memory_total_bytes", sample.MemoryTotalBytes);
        text.Family("hiy_host_memory_available_bytes", "gauge", "Memory available to new work (MemAvailable).");
        text.Sample("hiy_host_memory_available_bytes", sample.MemoryAvailableBytes);
        text.Family("hiy_host_disk_total_bytes", "gauge", "Size of the disk holding hiy's data.");
        text.Sample("hiy_host_disk_total_bytes", sample.DiskTotalBytes);
        text.Family("hiy_host_disk_free_bytes", "gauge", "Free space on the disk holding hiy's data.");
        text.Sample("hiy_host_disk_free_bytes", sample.DiskFreeBytes);
        text.Family("hiy_host_soc_temperature_celsius", "gauge", "The SoC's temperature (absent when the board has no thermal zone).");
        if (sample.TemperatureC is { } t)
            text.Sample("hiy_host_soc_temperature_celsius", t);
        text.Family("hiy_host_throttling", "gauge", "The Pi firmware's get_throttled flags, 1 when set (absent off a Pi).");
        if (throttling.Available)
        {
            (string Flag, bool Set)[] flags =
            [
                ("under_voltage_now", throttling.UnderVoltageNow), ("freq_capped_now", throttling.FreqCappedNow),
                ("throttled_now", throttling.ThrottledNow), ("soft_temp_limit_now", throttling.SoftTempLimitNow),
                ("under_voltage_seen", throttling.UnderVoltageSeen), ("freq_capped_seen", throttling.FreqCappedSeen),
                ("throttled_seen", throttling.ThrottledSeen), ("soft_temp_limit_seen", throttling.SoftTempLimitSeen),
            ];
            foreach (var (flag, set) in flags)
                text.Sample("hiy_host_throttling", set ? 1 : 0, "flag", flag);
        }
    }

    public static void Ups(PrometheusText text, UpsView ups)
    {
        text.Family("hiy_ups_present", "gauge", "1 when a UPS HAT or battery was found, else 0.");
        text.Sample("hiy_ups_present", ups.Present ? 1 : 0);
        // Declared also without a UPS, for dashboards; samples only for what the reading knows.
        text.Family("hiy_ups_battery_percent", "gauge", "The UPS battery's charge.");
        if (ups.BatteryPercent is { } percent)
            text.Sample("hiy_ups_battery_percent", percent);
        text.Family("hiy_ups_on_battery", "gauge", "1 while the machine runs on the UPS battery.");
        if (ups.OnBattery is { } onBattery)
            text.Sample("hiy_ups_on_battery", onBattery ? 1 : 0);
    }

    private static int BuildBoundsCount => MetricsEndpoint.BuildBounds.Length;

    private static string KindLabel(RouteMeter m) => m.Kind == RouteKind.Site ? "site" : "app";
}
