using System.Net;
using System.Text.Json;
using Hiy.Core;
using Hiy.Docker;
using Hiy.Tests.Builds;
using Hiy.Tests.Docker;
using Hiy.Tests.Web;

namespace Hiy.Tests.Runtime;

/// <summary>
/// The runtime against the real dockerd: limits as inspect reports them, the 127.0.0.1-only port,
/// captured logs, a container killed from outside and an OOM kill (a dockerd stopped and started under hiy is the resilience suite's).
/// </summary>
[Collection(DockerCollection.Name)]
public class AppRuntimeTests
{
    internal static async Task<(HiyUnderTest Hiy, AppRepo Repo, string App)> DeployAsync(string prefix, string dockerfile, string extraJson = "")
    {
        var hiy = await HiyUnderTest.StartAsync();
        var app = HiyUnderTest.UniqueApp(prefix);
        await hiy.CreateAppAsync(app, extraJson);
        var repo = await AppRepo.CreateAsync();
        await repo.CommitAsync("v1", ("Dockerfile", dockerfile));
        var push = await repo.PushAsync(hiy.Host.BaseAddress, app, hiy.Token);
        Assert.True(push.Succeeded, push.StdErr);
        return (hiy, repo, app);
    }

    internal static async Task<string> StatusAsync(HiyUnderTest hiy, string app) =>
        (await hiy.AppAsync(app)).GetProperty("status").GetString()!;

    [Fact]
    public async Task Deploy_Container_HasLimitsLocalOnlyPortAndCapturedLogs()
    {
        var (hiy, repo, app) = await DeployAsync("limits", AppRepo.PageDockerfile("limited"), ""","volume_path":"/data" """);
        await using var _ = hiy;
        using var __ = repo;
        using var docker = new DockerClient(DockerEndpoint.Parse(TestEnv.DockerHost));
        try
        {
            var view = await hiy.AppAsync(app);
            var name = view.GetProperty("container").GetProperty("id").GetString()!;
            Assert.StartsWith($"hiy-{app}-", name);
            var inspect = await docker.InspectContainerAsync(name);
            var hc = inspect.HostConfig!;
            Assert.Equal(64L * 1024 * 1024, hc.Memory);
            Assert.Equal(500_000_000L, hc.NanoCpus);
            Assert.Equal(256L, hc.PidsLimit);
            Assert.Equal(["ALL"], hc.CapDrop!);
            Assert.Contains("no-new-privileges", hc.SecurityOpt!);
            Assert.False(hc.Privileged);
            Assert.Equal("hiy-net", hc.NetworkMode);
            Assert.Equal("unless-stopped", hc.RestartPolicy!.Name);
            Assert.Equal(app, inspect.Config!.Labels!["hiy.app"]);
            Assert.Contains(inspect.Mounts!, m => m.Name == $"hiy-{app}-data" && m.Destination == "/data");
            var bindings = inspect.NetworkSettings!.Ports!["8080/tcp"]!;
            Assert.All(bindings, b => Assert.Equal("127.0.0.1", b.HostIp));

            var port = view.GetProperty("container").GetProperty("host_port").GetInt32();
            using var http = new HttpClient();
            Assert.Equal("limited", (await http.GetStringAsync($"http://127.0.0.1:{port}/")).Trim());

            await HiyUnderTest.EventuallyAsync(async () => (await hiy.Api.GetStringAsync($"/api/v1/apps/{app}/logs?tail=20")).Contains("app starting"),
                TimeSpan.FromSeconds(30), "the container's first line in the captured logs");
        }
        finally
        {
            await hiy.Api.DeleteAsync($"/api/v1/apps/{app}?purge_volumes=true");
        }
    }

    [Fact]
    public async Task KilledFromOutside_IsCrashedWithExitCode()
    {
        var (hiy, repo, app) = await DeployAsync("killed", AppRepo.PageDockerfile("victim"));
        await using var _ = hiy;
        using var __ = repo;
        using var docker = new DockerClient(DockerEndpoint.Parse(TestEnv.DockerHost));
        try
        {
            var name = (await hiy.AppAsync(app)).GetProperty("container").GetProperty("id").GetString()!;
            await docker.KillContainerAsync(name);
            await HiyUnderTest.EventuallyAsync(async () => await StatusAsync(hiy, app) == "crashed", TimeSpan.FromSeconds(20), "status crashed");
            var container = (await hiy.AppAsync(app)).GetProperty("container");
            Assert.Equal(137, container.GetProperty("exit_code").GetInt32());
            using var http = new HttpClient();
            var (status, page) = await hiy.GetAppAsync(http, app);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
            Assert.Contains("crashed: its container exited with code 137", page);

            var start = await hiy.Api.PostAsync($"/api/v1/apps/{app}/start", null);
            Assert.Equal(HttpStatusCode.OK, start.StatusCode);
            await HiyUnderTest.EventuallyAsync(async () => (await hiy.GetAppAsync(http, app)).Body == "victim", TimeSpan.FromSeconds(20), "the app serving again after start");
        }
        finally
        {
            await hiy.Api.DeleteAsync($"/api/v1/apps/{app}");
        }
    }

    [Fact]
    public async Task MemoryHog_IsOomKilled_AndTheFlagIsRecorded()
    {
        // Serves (so the deploy's health check passes), then eats memory until the 16 MB limit kills it.
        const string hog = """
            FROM hiy-test/busybox
            RUN mkdir -p /www && echo hog > /www/index.html
            CMD ["sh", "-c", "httpd -p $PORT -h /www; sleep 3; x=aaaaaaaaaaaaaaaa; while true; do x=$x$x; done"]
            """;
        var (hiy, repo, app) = await DeployAsync("oom", hog, ""","memory_mb":16""");
        await using var _ = hiy;
        using var __ = repo;
        try
        {
            await HiyUnderTest.EventuallyAsync(async () => (await hiy.AppAsync(app)).GetProperty("container").GetProperty("oom_killed").GetBoolean(),
                TimeSpan.FromSeconds(60), "oom_killed on the app");
            Assert.Contains("OOM", (await hiy.AppAsync(app)).GetProperty("container").GetProperty("detail").GetString() ?? "OOM");
        }
        finally
        {
            await hiy.Api.DeleteAsync($"/api/v1/apps/{app}");
        }
    }

    [Fact]
    public async Task HiyRestart_LeavesAppsRunningAndRoutesThemAgain()
    {
        using var dir = new TempDir();
        string app;
        using var http = new HttpClient();
        using (var repo = await AppRepo.CreateAsync())
        {
            await using var hiy = await HiyUnderTest.StartAsync(dir.Path);
            app = HiyUnderTest.UniqueApp("persist");
            await hiy.CreateAppAsync(app);
            await repo.CommitAsync("v1", ("Dockerfile", AppRepo.PageDockerfile("persistent")));
            Assert.True((await repo.PushAsync(hiy.Host.BaseAddress, app, hiy.Token)).Succeeded);
        }
        await using (var again = await HiyUnderTest.StartAsync(dir.Path))
        {
            try
            {
                await HiyUnderTest.EventuallyAsync(async () => (await again.GetAppAsync(http, app)).Body == "persistent",
                    TimeSpan.FromSeconds(20), "the app routed by the restarted hiy");
                Assert.Equal("running", await StatusAsync(again, app));
                Assert.Equal(1, (await again.DeploysAsync(app)).GetArrayLength());
            }
            finally
            {
                await again.Api.DeleteAsync($"/api/v1/apps/{app}");
            }
        }
    }
}
