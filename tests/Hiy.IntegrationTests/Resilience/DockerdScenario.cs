using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Hiy.Core;
using Hiy.Docker;
using Hiy.Tests.Builds;
using Hiy.Tests.Runtime;

namespace Hiy.Tests.Resilience;

/// <summary>
/// The test dockerd stopped and started under a running hiy with a deployed app: while it is gone hiy answers /ready 503
/// naming Docker and a Docker action 503 (never 500); once it is back /ready is 200, the app serves again through the
/// proxy, and events flow (a kill afterwards is noticed).
/// </summary>
internal static class DockerdScenario
{
    public static async Task<string> RunAsync()
    {
        var (hiy, repo, app) = await AppRuntimeTests.DeployAsync("survive", AppRepo.PageDockerfile("still here"));
        await using var _ = hiy;
        using var __ = repo;
        using var http = new HttpClient();
        try
        {
            Assert.Equal((HttpStatusCode.OK, "still here"), await hiy.GetAppAsync(http, app));
            var watch = Stopwatch.StartNew();
            var restart = new ProcessRunner().RunAsync("bash", [Path.Combine(TestEnv.RepoRoot, "scripts", "test-deps.sh"), "restart-dockerd"],
                timeout: TimeSpan.FromMinutes(2));
            string? downReady = null;
            int? downAction = null;
            while (!restart.IsCompleted)
            {
                using var ready = await hiy.Api.GetAsync("/ready");
                if (ready.StatusCode == HttpStatusCode.ServiceUnavailable && downReady is null)
                {
                    downReady = JsonDocument.Parse(await ready.Content.ReadAsStringAsync()).RootElement.GetProperty("checks").GetProperty("docker").GetString();
                    using var stop = await hiy.Api.PostAsync($"/api/v1/apps/{app}/stop", null);
                    downAction = (int)stop.StatusCode;
                    Assert.True(downAction is 503 or 202 or 200, $"stop while dockerd is down: {downAction} {await stop.Content.ReadAsStringAsync()}");
                }
                await Task.Delay(50);
            }
            var result = await restart;
            Assert.True(result.Succeeded, result.StdOut + result.StdErr);
            Assert.NotNull(downReady); // hiy saw the engine go: the restart was not too quick to observe
            var outage = watch.Elapsed;

            await HiyUnderTest.EventuallyAsync(async () => (await hiy.Api.GetAsync("/ready")).StatusCode == HttpStatusCode.OK,
                TimeSpan.FromSeconds(30), "/ready after dockerd came back");
            if (downAction is not 503)
            {
                // the stop reached dockerd before it went: start the app again for the checks below
                using var start = await hiy.Api.PostAsync($"/api/v1/apps/{app}/start", null);
            }
            await HiyUnderTest.EventuallyAsync(async () => (await hiy.GetAppAsync(http, app)).Body == "still here",
                TimeSpan.FromSeconds(60), "the app serving again through the proxy after the dockerd restart");
            Assert.Equal("running", await AppRuntimeTests.StatusAsync(hiy, app));

            // Events flow again: a kill after the restart is still noticed.
            using var docker = new DockerClient(DockerEndpoint.Parse(TestEnv.DockerHost));
            await docker.KillContainerAsync((await hiy.AppAsync(app)).GetProperty("container").GetProperty("id").GetString()!);
            await HiyUnderTest.EventuallyAsync(async () => await AppRuntimeTests.StatusAsync(hiy, app) == "crashed", TimeSpan.FromSeconds(30),
                "crashed after the restart");
            return $"dockerd stopped and started ({outage.TotalSeconds:0.0} s); meanwhile /ready 503 \"{downReady}\", POST stop {downAction}; " +
                "after: /ready 200, the app served again, a kill noticed (crashed)";
        }
        finally
        {
            await hiy.Api.DeleteAsync($"/api/v1/apps/{app}");
        }
    }
}
