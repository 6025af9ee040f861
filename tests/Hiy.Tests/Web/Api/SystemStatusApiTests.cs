using System.Net;
using System.Text.Json;
using Hiy.Hardware;
using Hiy.Store;
using Microsoft.Extensions.DependencyInjection;

namespace Hiy.Tests.Web.Api;

/// <summary>GET /api/v1/system, /system/history and /apps/{app}/metrics against a real hiy on this machine (no dockerd).</summary>
public class SystemStatusApiTests
{
    private static async Task<JsonElement> JsonAsync(HttpResponseMessage r, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var body = await r.Content.ReadAsStringAsync();
        Assert.True(r.StatusCode == expected, $"expected {expected}, got {r.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement;
    }

    [Fact]
    public async Task GetSystem_ThisMachine_EveryFieldOfTheContract()
    {
        await using var h = await ApiHost.StartAsync();
        await h.SetupAsync();
        var s = await JsonAsync(await h.Client.GetAsync("/api/v1/system"));
        foreach (var field in new[] { "board", "uptime_s", "cpu_percent", "load", "memory", "disk", "soc_temp_c", "throttling", "addresses",
                     "containers", "certificates", "ups" })
            Assert.True(s.TryGetProperty(field, out _), $"{field} missing in {s}");
        Assert.True(s.GetProperty("uptime_s").GetDouble() > 0);
        Assert.InRange(s.GetProperty("cpu_percent").GetDouble(), 0, 100);
        Assert.Equal(3, s.GetProperty("load").GetArrayLength());
        Assert.True(s.GetProperty("memory").GetProperty("total_bytes").GetInt64() >= s.GetProperty("memory").GetProperty("available_bytes").GetInt64());
        Assert.Equal(h.DataDir, s.GetProperty("disk").GetProperty("path").GetString());
        Assert.True(s.GetProperty("disk").GetProperty("total_bytes").GetInt64() > 0);
        var throttling = s.GetProperty("throttling");
        foreach (var flag in new[] { "available", "under_voltage_now", "freq_capped_now", "throttled_now", "under_voltage_seen", "freq_capped_seen",
                     "throttled_seen", "raw" })
            Assert.True(throttling.TryGetProperty(flag, out _), $"{flag} missing in {throttling}");
        Assert.DoesNotContain("127.0.0.1", s.GetProperty("addresses").EnumerateArray().Select(a => a.GetString()));
        Assert.Equal(0, s.GetProperty("containers").GetArrayLength()); // no app runs
        Assert.False(s.GetProperty("ups").GetProperty("present").GetBoolean());
    }

    [Fact]
    public async Task GetSystem_Pi4WithKernelBattery_BoardThrottlingAndUps()
    {
        using var root = Hardware.PiFixtures.Pi4(Hardware.PiFixtures.Word("pi4", "throttled"));
        Hardware.Ups.UpsReaderTests.WriteBattery(root);
        await using var h = await ApiHost.StartAsync(configure: c => c with { HardwareRoot = root.Path });
        await h.SetupAsync();
        var s = await JsonAsync(await h.Client.GetAsync("/api/v1/system"));
        Assert.Equal("Raspberry Pi 4 Model B Rev 1.4", s.GetProperty("board").GetString());
        Assert.Equal("0x50005", s.GetProperty("throttling").GetProperty("raw").GetString());
        Assert.Equal(51.1, s.GetProperty("soc_temp_c").GetDouble());
        var ups = s.GetProperty("ups");
        Assert.True(ups.GetProperty("present").GetBoolean());
        Assert.Equal(76, ups.GetProperty("battery_percent").GetDouble());
        Assert.Equal(7.85, ups.GetProperty("voltage_v").GetDouble());
        Assert.Equal(-1.25, ups.GetProperty("current_a").GetDouble());
        Assert.True(ups.GetProperty("on_battery").GetBoolean());
        Assert.Equal(90, ups.GetProperty("estimated_minutes").GetDouble());
        Assert.Equal(("BAT0", "power_supply"), (ups.GetProperty("chip").GetString(), ups.GetProperty("source").GetString()));
    }

    [Fact]
    public async Task GetSystem_UpsChipNone_NotPresentWithNulls()
    {
        using var root = new TempDir();
        Hardware.Ups.UpsReaderTests.WriteBattery(root);
        await using var h = await ApiHost.StartAsync(configure: c => c with { HardwareRoot = root.Path, UpsChip = "none" });
        await h.SetupAsync();
        var ups = (await JsonAsync(await h.Client.GetAsync("/api/v1/system"))).GetProperty("ups");
        Assert.False(ups.GetProperty("present").GetBoolean());
        foreach (var field in new[] { "battery_percent", "voltage_v", "current_a", "on_battery", "estimated_minutes", "chip", "source" })
            Assert.Equal(JsonValueKind.Null, ups.GetProperty(field).ValueKind);
    }

    [Fact]
    public async Task GetSystem_WithoutCredentials_401()
    {
        await using var h = await ApiHost.StartAsync();
        await h.SetupAsync();
        using var anonymous = new HttpClient { BaseAddress = h.BaseAddress };
        await ApiHost.ProblemAsync(await anonymous.GetAsync("/api/v1/system"), 401);
        await ApiHost.ProblemAsync(await anonymous.GetAsync("/api/v1/system/history"), 401);
    }

    [Fact]
    public async Task History_WeekOfSamples_DownsampledWithUsedMemory()
    {
        var time = new ManualTimeProvider(new DateTimeOffset(2026, 12, 2, 0, 0, 0, TimeSpan.Zero));
        await using var h = await ApiHost.StartAsync(time: time);
        await h.SetupAsync();
        var repo = h.Host.Services.GetRequiredService<SystemSampleRepository>();
        var now = time.GetUtcNow();
        for (var i = 1; i <= 2016; i++)
            repo.Add(new SystemSample(now - TimeSpan.FromMinutes(5 * i), 1000, 0.5, 4000, 1000, 64_000, 32_000 - i, 50, 12.5));

        var week = await JsonAsync(await h.Client.GetAsync("/api/v1/system/history?range=7d"));
        Assert.Equal("7d", week.GetProperty("range").GetString());
        var points = week.GetProperty("points").EnumerateArray().ToList();
        Assert.InRange(points.Count, 250, 300);
        var middle = points[points.Count / 2]; // not the newest bucket: the sampler's own reading of this machine lands there
        Assert.Equal(3000, middle.GetProperty("memory_used_bytes").GetInt64());
        Assert.Equal(12.5, middle.GetProperty("cpu_percent").GetDouble());
        Assert.Equal(50, middle.GetProperty("soc_temp_c").GetDouble());
        Assert.True(middle.TryGetProperty("disk_free_bytes", out _) && middle.TryGetProperty("at", out _));

        var day = await JsonAsync(await h.Client.GetAsync("/api/v1/system/history?range=24h"));
        Assert.InRange(day.GetProperty("points").GetArrayLength(), 288, 290); // one point per sample (plus the sampler's own)
        Assert.Equal("24h", (await JsonAsync(await h.Client.GetAsync("/api/v1/system/history"))).GetProperty("range").GetString());
    }

    [Theory]
    [InlineData("/api/v1/system/history?range=1y")]
    [InlineData("/api/v1/system/history?range=24h&range=7d")]
    [InlineData("/api/v1/apps/blog/metrics?range=30d")]
    public async Task History_BadRange_400NamingIt(string path)
    {
        await using var h = await ApiHost.StartAsync();
        await h.SetupAsync();
        Assert.Equal(HttpStatusCode.Created, (await h.Client.PostAsync("/api/v1/apps", ApiHost.Json("""{"name":"blog"}"""))).StatusCode);
        var problem = await ApiHost.ProblemAsync(await h.Client.GetAsync(path), 400);
        Assert.True(problem.GetProperty("errors").TryGetProperty("range", out _));
    }

    [Fact]
    public async Task AppMetrics_Samples_PointsForThatAppOnly()
    {
        var time = new ManualTimeProvider(new DateTimeOffset(2026, 12, 2, 0, 0, 0, TimeSpan.Zero));
        await using var h = await ApiHost.StartAsync(time: time);
        await h.SetupAsync();
        foreach (var app in new[] { "blog", "shop" })
            Assert.Equal(HttpStatusCode.Created, (await h.Client.PostAsync("/api/v1/apps", ApiHost.Json($$"""{"name":"{{app}}"}"""))).StatusCode);
        var repo = h.Host.Services.GetRequiredService<AppSampleRepository>();
        var now = time.GetUtcNow();
        repo.Add([
            new AppSample("blog", now - TimeSpan.FromHours(2), 12.5, 50_000_000, 536_870_912),
            new AppSample("shop", now - TimeSpan.FromHours(2), 90, 10, null),
            new AppSample("blog", now - TimeSpan.FromHours(1), 7.5, 60_000_000, 536_870_912),
            new AppSample("blog", now - TimeSpan.FromDays(3), 1, 1, null),
            new AppSample("gone", now, 1, 1, null), // an app deleted meanwhile: dropped
        ], now);

        var day = await JsonAsync(await h.Client.GetAsync("/api/v1/apps/blog/metrics?range=24h"));
        Assert.Equal("24h", day.GetProperty("range").GetString());
        var points = day.GetProperty("points").EnumerateArray().ToList();
        Assert.Equal([12.5, 7.5], points.Select(p => p.GetProperty("cpu_percent").GetDouble()));
        Assert.Equal([50_000_000L, 60_000_000L], points.Select(p => p.GetProperty("memory_bytes").GetInt64()));
        Assert.Equal(3, (await JsonAsync(await h.Client.GetAsync("/api/v1/apps/blog/metrics?range=7d"))).GetProperty("points").GetArrayLength());
        await ApiHost.ProblemAsync(await h.Client.GetAsync("/api/v1/apps/ghost/metrics"), 404);
    }
}
