using System.Formats.Tar;
using System.IO.Compression;
using System.Net;
using System.Text;
using Hiy.Tests.Builds;
using Hiy.Tests.Docker;

namespace Hiy.Tests.Web;

/// <summary>
/// GET /metrics against a real app container (the test dockerd) and a static site, read by the tests' own parser of the
/// text format: every family named and typed, and the per-app proxy counters moving with requests through the proxy.
/// </summary>
[Collection(DockerCollection.Name)]
public class MetricsEndpointTests
{
    private static readonly string[] Families =
    [
        "hiy_app_up", "hiy_app_restarts_total", "hiy_app_cpu_percent", "hiy_app_memory_bytes", "hiy_app_memory_limit_bytes",
        "hiy_proxy_requests_total", "hiy_proxy_request_duration_seconds", "hiy_build_duration_seconds", "hiy_deploys",
        "hiy_certificate_expiry_timestamp_seconds", "hiy_certificate_renewal_failures",
        "hiy_host_cpu_percent", "hiy_host_load1", "hiy_host_memory_total_bytes", "hiy_host_memory_available_bytes",
        "hiy_host_disk_total_bytes", "hiy_host_disk_free_bytes", "hiy_host_soc_temperature_celsius", "hiy_host_throttling",
        "hiy_ups_present", "hiy_ups_battery_percent", "hiy_ups_on_battery",
    ];

    [Fact]
    public async Task Metrics_AppAndSiteThroughProxy_EveryFamilyTypedAndCountersMove()
    {
        await using var hiy = await HiyUnderTest.StartAsync();
        var app = HiyUnderTest.UniqueApp("metrics");
        await hiy.CreateAppAsync(app);
        using var repo = await AppRepo.CreateAsync();
        using var http = new HttpClient();
        try
        {
            await repo.CommitAsync("v1", ("Dockerfile", AppRepo.PageDockerfile("metrics app")));
            var push = await repo.PushAsync(hiy.Host.BaseAddress, app, hiy.Token);
            Assert.True(push.Succeeded, push.StdErr);
            Assert.Equal(HttpStatusCode.Created, (await hiy.Api.PutAsync("/api/v1/sites/metricsdocs/versions/1", Site("docs"))).StatusCode);

            var before = await ScrapeAsync(hiy.Api);
            foreach (var name in Families)
            {
                Assert.True(before.TryGetValue(name, out var f), $"family {name} missing");
                Assert.NotNull(f.Type);
                Assert.False(string.IsNullOrEmpty(f.Help), $"family {name} has no HELP");
            }
            Assert.Equal(1, Value(before, "hiy_app_up", ("app", app)));
            Assert.True(Value(before, "hiy_app_memory_bytes", ("app", app)) > 0);
            Assert.Equal(64L * 1024 * 1024, Value(before, "hiy_app_memory_limit_bytes", ("app", app)));
            Assert.Equal(0, Value(before, "hiy_app_restarts_total", ("app", app)));
            Assert.Equal(1, Value(before, "hiy_build_duration_seconds_count", ("app", app)));
            Assert.Equal(0, Value(before, "hiy_ups_present"));
            Assert.True(Value(before, "hiy_host_memory_total_bytes") > 0);

            for (var i = 0; i < 3; i++)
                Assert.Equal(HttpStatusCode.OK, (await hiy.GetAppAsync(http, app)).Status);
            Assert.Equal(HttpStatusCode.NotFound, (await hiy.GetAppAsync(http, app, "/missing")).Status);
            Assert.Equal(HttpStatusCode.OK, (await hiy.GetAppAsync(http, "metricsdocs")).Status);

            var after = await ScrapeAsync(hiy.Api);
            Assert.Equal(3, Value(after, "hiy_proxy_requests_total", ("app", app), ("code", "2xx")) - Value(before, "hiy_proxy_requests_total", ("app", app), ("code", "2xx")));
            Assert.Equal(1, Value(after, "hiy_proxy_requests_total", ("app", app), ("code", "4xx")) - Value(before, "hiy_proxy_requests_total", ("app", app), ("code", "4xx")));
            Assert.Equal(1, Value(after, "hiy_proxy_requests_total", ("app", "metricsdocs"), ("kind", "site"), ("code", "2xx")));
            Assert.Equal(4, Value(after, "hiy_proxy_request_duration_seconds_count", ("app", app)) - Value(before, "hiy_proxy_request_duration_seconds_count", ("app", app)));
            Assert.True(Value(after, "hiy_proxy_request_duration_seconds_sum", ("app", app)) > 0);
        }
        finally
        {
            await hiy.Api.DeleteAsync($"/api/v1/apps/{app}");
        }
    }

    [Fact]
    public async Task Metrics_NoTokenOrUnknownToken_401ProblemAndAllowListedAddress200()
    {
        await using var h = await ApiHost.StartAsync();
        await h.SetupAsync();
        using var anonymous = new HttpClient { BaseAddress = h.BaseAddress };
        var problem = await ApiHost.ProblemAsync(await anonymous.GetAsync("/metrics"), 401);
        Assert.Contains("metrics_allow", problem.GetProperty("detail").GetString());
        anonymous.DefaultRequestHeaders.Authorization = new("Bearer", "hiy_notatoken");
        await ApiHost.ProblemAsync(await anonymous.GetAsync("/metrics"), 401);
        using var ok = await h.Client.GetAsync("/metrics");
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.Equal("text/plain; version=0.0.4; charset=utf-8", ok.Content.Headers.ContentType!.ToString());

        await using var allowed = await ApiHost.StartAsync(configure: c => c with { MetricsAllow = [System.Net.IPNetwork.Parse("127.0.0.0/8")] });
        await allowed.SetupAsync();
        using var scraper = new HttpClient { BaseAddress = allowed.BaseAddress };
        var families = PrometheusParser.Parse(await scraper.GetStringAsync("/metrics"));
        Assert.Contains("hiy_ups_present", families.Keys);
    }

    private static async Task<IReadOnlyDictionary<string, PrometheusParser.Family>> ScrapeAsync(HttpClient api) =>
        PrometheusParser.Parse(await api.GetStringAsync("/metrics"));

    /// <summary>The one sample of any family named <paramref name="sample"/> with these labels (others free); 0 when absent.</summary>
    private static double Value(IReadOnlyDictionary<string, PrometheusParser.Family> families, string sample, params (string Key, string Value)[] labels)
    {
        var matches = families.Values.SelectMany(f => f.Samples)
            .Where(s => s.Name == sample && labels.All(l => s.Labels.TryGetValue(l.Key, out var v) && v == l.Value)).ToList();
        return matches.Count switch { 0 => 0, 1 => matches[0].Value, _ => throw new InvalidOperationException($"{sample}: {matches.Count} samples match") };
    }

    private static ByteArrayContent Site(string body)
    {
        var ms = new MemoryStream();
        using (var gz = new GZipStream(ms, CompressionLevel.Fastest, leaveOpen: true))
        using (var tar = new TarWriter(gz, TarEntryFormat.Pax, leaveOpen: true))
            tar.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, "./index.html") { DataStream = new MemoryStream(Encoding.UTF8.GetBytes(body)) });
        var content = new ByteArrayContent(ms.ToArray());
        content.Headers.ContentType = new("application/gzip");
        return content;
    }
}
