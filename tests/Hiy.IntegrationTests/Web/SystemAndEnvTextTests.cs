using System.Net;
using System.Text;
using System.Text.Json;
using Hiy.Ops;
using Hiy.Tests.Builds;
using Hiy.Tests.Docker;
using Microsoft.Extensions.DependencyInjection;

namespace Hiy.Tests.Web;

/// <summary>
/// The api scope's routes that need a running container, against the real dockerd: the app's docker stats in
/// GET /api/v1/system and its history in /apps/{app}/metrics, and a .env text PUT that restarts the app with the values.
/// </summary>
[Collection(DockerCollection.Name)]
public class SystemAndEnvTextTests
{
    [Fact]
    public async Task RunningApp_StatsInSystemAndMetrics_EnvTextRestartsWithValues()
    {
        await using var hiy = await HiyUnderTest.StartAsync();
        var app = HiyUnderTest.UniqueApp("sysenv");
        await hiy.CreateAppAsync(app);
        using var repo = await AppRepo.CreateAsync();
        using var http = new HttpClient();
        try
        {
            await repo.CommitAsync("v1", ("Dockerfile", AppRepo.PageDockerfile("stats app")));
            var push = await repo.PushAsync(hiy.Host.BaseAddress, app, hiy.Token);
            Assert.True(push.Succeeded, push.StdErr);

            // docker stats of the live container, in the machine's answer.
            var system = JsonDocument.Parse(await hiy.Api.GetStringAsync("/api/v1/system")).RootElement;
            var mine = Assert.Single(system.GetProperty("containers").EnumerateArray(), c => c.GetProperty("app").GetString() == app);
            Assert.InRange(mine.GetProperty("memory_bytes").GetInt64(), 1, 64L * 1024 * 1024);
            Assert.Equal(64L * 1024 * 1024, mine.GetProperty("memory_limit_bytes").GetInt64());
            Assert.InRange(mine.GetProperty("cpu_percent").GetDouble(), 0, 100);

            // A sampler tick stores it; the metrics route shows it.
            var sampler = hiy.Host.Host.Services.GetRequiredService<SystemSampler>();
            Assert.True(await sampler.SampleAppsNowAsync(default) >= 1);
            var metrics = JsonDocument.Parse(await hiy.Api.GetStringAsync($"/api/v1/apps/{app}/metrics?range=24h")).RootElement;
            var point = Assert.Single(metrics.GetProperty("points").EnumerateArray());
            Assert.True(point.GetProperty("memory_bytes").GetInt64() > 0);

            // .env text: merged and the app restarted as a deploy that sees the new value.
            var put = await hiy.Api.PutAsync($"/api/v1/apps/{app}/env",
                new StringContent("# from a file\nexport GREETING=\"from a .env file\"\n", Encoding.UTF8, "text/plain"));
            Assert.Equal(HttpStatusCode.Accepted, put.StatusCode);
            Assert.True(put.Headers.Contains("X-Hiy-Deploy"));
            await HiyUnderTest.EventuallyAsync(async () => (await hiy.GetAppAsync(http, app, "/greeting.txt")).Body.Trim() == "from a .env file",
                TimeSpan.FromSeconds(90), "the restarted app to see GREETING from the .env text");
            var masked = JsonDocument.Parse(await hiy.Api.GetStringAsync($"/api/v1/apps/{app}/env?masked=true")).RootElement;
            var greeting = Assert.Single(masked.EnumerateArray());
            Assert.Equal("GREETING", greeting.GetProperty("key").GetString());
            Assert.Equal("from a .env file".Length, greeting.GetProperty("length").GetInt32());
        }
        finally
        {
            await hiy.Api.DeleteAsync($"/api/v1/apps/{app}");
        }
    }
}
