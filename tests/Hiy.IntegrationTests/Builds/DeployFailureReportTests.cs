using System.Net;
using System.Text.Json;
using Hiy.Tests.Docker;
using Xunit.Abstractions;

namespace Hiy.Tests.Builds;

/// <summary>
/// What a failed deploy tells its owner, against the real dockerd: the dying container's last lines in the push
/// output and the logs API, the port a health check tried against the one the app really listens on, and the
/// proxy's 503 page for the app's state.
/// </summary>
[Collection(DockerCollection.Name)]
public class DeployFailureReportTests(ITestOutputHelper output)
{
    [Fact]
    public async Task GitPush_ContainerDiesDuringHealthCheck_LastLinesInPushOutputAndLogsApi_PageSaysDeployFailed()
    {
        await using var hiy = await HiyUnderTest.StartAsync();
        var app = HiyUnderTest.UniqueApp("dies");
        await hiy.CreateAppAsync(app);
        using var repo = await AppRepo.CreateAsync();
        using var http = new HttpClient();
        try
        {
            // 25 lines, so only the last 20 are expected; the last one says why it dies. The second's sleep keeps
            // the restart Docker attempts (unless-stopped) from printing before hiy has read the first run's lines; the
            // one before the stderr line keeps it last, as Docker copies stdout and stderr independently.
            await repo.CommitAsync("crashes", ("Dockerfile", """
                FROM hiy-test/busybox
                CMD ["sh", "-c", "sleep 1; for i in $(seq 1 24); do echo boot line $i; done; sleep 1; echo 'fatal: DATABASE_URL is not set' >&2; exit 3"]
                """));
            var push = await repo.PushAsync(hiy.Host.BaseAddress, app, hiy.Token);
            var text = push.StdOut + push.StdErr;
            output.WriteLine(text);

            Assert.Contains("fatal: DATABASE_URL is not set", text);
            Assert.Contains("boot line 24", text);
            Assert.DoesNotMatch(@"boot line 4\b", text);
            Assert.Contains("its last 20 lines", text);
            Assert.Contains("exited with code 3", text);

            var deploy = (await hiy.DeploysAsync(app))[0];
            Assert.Equal("failed", deploy.GetProperty("status").GetString());
            var id = deploy.GetProperty("id").GetInt64();

            var logs = await hiy.Api.GetStringAsync($"/api/v1/apps/{app}/logs?tail=50");
            output.WriteLine(logs);
            Assert.Contains("[stderr] fatal: DATABASE_URL is not set", logs);
            Assert.Contains("[stdout] boot line 24", logs);
            Assert.Contains($"[system] deploy {id}: hiy-{app}-{id} failed", logs);

            // Nothing ever served: the page says the deploy failed, and which one.
            await HiyUnderTest.EventuallyAsync(async () => (await hiy.GetAppAsync(http, app)).Body.Contains($"deploy {id} failed"),
                TimeSpan.FromSeconds(10), "the 503 page to name the failed deploy");
            var (status, body) = await hiy.GetAppAsync(http, app);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
            Assert.Contains("Deploy failed", body);
        }
        finally
        {
            await hiy.Api.DeleteAsync($"/api/v1/apps/{app}");
        }
    }

    [Fact]
    public async Task GitPush_AppListensOnAnotherPort_HealthCheckNamesBothPorts_PageSaysBuildingMeanwhile()
    {
        await using var hiy = await HiyUnderTest.StartAsync();
        var app = HiyUnderTest.UniqueApp("port");
        await hiy.CreateAppAsync(app);
        using var repo = await AppRepo.CreateAsync();
        using var http = new HttpClient();
        try
        {
            // Ignores $PORT (8080): listens on 3000.
            await repo.CommitAsync("wrong port", ("Dockerfile", """
                FROM hiy-test/busybox
                RUN mkdir -p /www && echo hi > /www/index.html
                CMD ["httpd", "-f", "-p", "3000", "-h", "/www"]
                """));
            var pushing = repo.PushAsync(hiy.Host.BaseAddress, app, hiy.Token);

            // While the health check waits, the app has no upstream and its page says a deploy is building.
            string page = "";
            await HiyUnderTest.EventuallyAsync(async () =>
            {
                page = (await hiy.GetAppAsync(http, app)).Body;
                return page.Contains("is building", StringComparison.Ordinal) || pushing.IsCompleted;
            }, TimeSpan.FromSeconds(120), "the 503 page to say the app is building");
            var deploys = await hiy.DeploysAsync(app);
            var id = deploys[0].GetProperty("id").GetInt64();
            Assert.Contains($"deploy {id} is building", page);

            var push = await pushing;
            var text = push.StdOut + push.StdErr;
            output.WriteLine(text);
            Assert.Contains("container port 8080", text);
            Assert.Contains("the app listens on 3000, but hiy checks $PORT=8080: listen on $PORT", text);
            Assert.Equal("failed", (await hiy.DeploysAsync(app))[0].GetProperty("status").GetString());
            var error = JsonDocument.Parse(await hiy.Api.GetStringAsync($"/api/v1/apps/{app}/deploys/{id}")).RootElement.GetProperty("error").GetString();
            Assert.Contains("listens on 3000", error);
        }
        finally
        {
            await hiy.Api.DeleteAsync($"/api/v1/apps/{app}");
        }
    }
}
