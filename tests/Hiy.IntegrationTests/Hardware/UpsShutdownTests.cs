using System.Net;
using System.Text.Json;
using Hiy.Docker;
using Hiy.Docker.Models;
using Hiy.Ops;
using Hiy.Store;
using Hiy.Tests.Builds;
using Hiy.Tests.Docker;
using Microsoft.Extensions.DependencyInjection;

namespace Hiy.Tests.Hardware;

/// <summary>
/// The low-battery shutdown end to end: a hiy on the test dockerd whose hardware root holds a kernel power-supply
/// battery (what a fuel-gauge driver shows) runs a real app; the battery drains below 10 % and hiy stops the app through
/// its lifecycle, syncs and drops hiy-ops' poweroff request; the next start (power back) starts the app again.
/// </summary>
[Collection(DockerCollection.Name)]
public class UpsShutdownTests
{
    [Fact]
    public async Task BatteryDrainsBelowThreshold_AppStoppedPowerOffRequested_NextStartResumesIt()
    {
        using var dir = new TempDir();
        void Battery(int percent, string status)
        {
            dir.Write("hw/sys/class/power_supply/BAT0/type", "Battery\n");
            dir.Write("hw/sys/class/power_supply/BAT0/voltage_now", "7400000\n");
            dir.Write("hw/sys/class/power_supply/BAT0/status", status + "\n");
            dir.Write("hw/sys/class/power_supply/BAT0/capacity", $"{percent}\n");
        }
        Battery(80, "Discharging");
        var requests = Path.Combine(dir.Path, "run-ops");
        Directory.CreateDirectory(requests);
        var dataDir = Path.Combine(dir.Path, "data");
        Func<Hiy.Config.HiyConfig, Hiy.Config.HiyConfig> configure = c => c with { HardwareRoot = Path.Combine(dir.Path, "hw"), OpsDir = requests };
        var app = HiyUnderTest.UniqueApp("ups");
        using var http = new HttpClient();
        using var docker = new DockerClient(DockerEndpoint.Parse(TestEnv.DockerHost));

        await using (var hiy = await HiyUnderTest.StartAsync(dataDir, configure))
        {
            await hiy.CreateAppAsync(app);
            await DeployPageAsync(hiy, docker, app, "on the UPS");
            Assert.Equal((HttpStatusCode.OK, "on the UPS"), await hiy.GetAppAsync(http, app));
            Assert.False(File.Exists(Path.Combine(requests, "poweroff"))); // 80 % on battery: only "on battery"

            Battery(6, "Discharging");
            await HiyUnderTest.EventuallyAsync(() => Task.FromResult(File.Exists(Path.Combine(requests, "poweroff"))),
                TimeSpan.FromSeconds(60), "the poweroff request");
            Assert.Equal("stopped", (await hiy.AppAsync(app)).GetProperty("status").GetString());
            Assert.NotEqual(HttpStatusCode.OK, (await hiy.GetAppAsync(http, app)).Status);
            Assert.Equal(app, hiy.Host.Host.Services.GetRequiredService<SettingsRepository>().Get(UpsMonitor.StoppedAppsKey));
            var ops = hiy.Host.Host.Services.GetRequiredService<OperationsChannel>();
            Assert.Equal("requested", ops.Status("poweroff")!.State);
        }

        Battery(35, "Charging"); // power is back when the Pi boots again
        await using (var hiy = await HiyUnderTest.StartAsync(dataDir, configure))
        {
            await HiyUnderTest.EventuallyAsync(async () => (await hiy.GetAppAsync(http, app)).Status == HttpStatusCode.OK,
                TimeSpan.FromSeconds(90), $"{app} started again after the low-battery shutdown");
            Assert.Equal("running", (await hiy.AppAsync(app)).GetProperty("status").GetString());
            Assert.Equal("", hiy.Host.Host.Services.GetRequiredService<SettingsRepository>().Get(UpsMonitor.StoppedAppsKey));
            Assert.Equal(HttpStatusCode.NoContent, (await hiy.Api.DeleteAsync($"/api/v1/apps/{app}")).StatusCode);
        }
    }

    /// <summary>An image built here, saved and uploaded (no git, no build on hiy's side), waited for until live.</summary>
    private static async Task DeployPageAsync(HiyUnderTest hiy, DockerClient docker, string app, string body)
    {
        var tag = $"hiy/{app}:ups";
        await docker.BuildImageAsync(TarContext.Dockerfile(AppRepo.PageDockerfile(body)), new ImageBuildOptions { Tags = [tag] });
        using var tar = new MemoryStream();
        await docker.SaveImageAsync(tag, tar);
        tar.Position = 0;
        var content = new StreamContent(tar);
        content.Headers.ContentType = new("application/x-tar");
        var accepted = await hiy.Api.PostAsync($"/api/v1/apps/{app}/deploys", content);
        var text = await accepted.Content.ReadAsStringAsync();
        Assert.True(accepted.StatusCode == HttpStatusCode.Accepted, text);
        var id = JsonDocument.Parse(text).RootElement.GetProperty("id").GetInt64();
        await HiyUnderTest.EventuallyAsync(async () =>
            JsonDocument.Parse(await hiy.Api.GetStringAsync($"/api/v1/apps/{app}/deploys/{id}")).RootElement.GetProperty("status").GetString()
                is "succeeded" or "failed", TimeSpan.FromMinutes(3), $"deploy {id}");
    }
}
