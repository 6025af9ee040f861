using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Hiy.Tests.Docker;
using Hiy.Tests.Web;
using Xunit.Abstractions;

namespace Hiy.Tests.Builds;

/// <summary>
/// "git push → live": real git pushing to hiy's smart-HTTP endpoint, real builds on the test dockerd,
/// the app reached through hiy's own proxy by its Host header.
/// </summary>
[Collection(DockerCollection.Name)]
public class DeployEndToEndTests(ITestOutputHelper output)
{
    private static async Task<string> PushAndAssertAsync(HiyUnderTest hiy, AppRepo repo, string app, bool expectSuccess = true)
    {
        var push = await repo.PushAsync(hiy.Host.BaseAddress, app, hiy.Token);
        var text = push.StdOut + push.StdErr;
        Assert.True(push.Succeeded, text);
        if (expectSuccess)
        {
            Assert.Contains("-----> ", text);
            Assert.Contains($"http://{app}.{HiyUnderTest.Domain}", text);
        }
        return text;
    }

    [Fact]
    public async Task GitPush_DockerfileApp_ServesThroughProxyThenRedeploysWithZeroFailedRequests()
    {
        await using var hiy = await HiyUnderTest.StartAsync();
        var app = HiyUnderTest.UniqueApp("zero");
        await hiy.CreateAppAsync(app);
        using var repo = await AppRepo.CreateAsync();
        using var http = new HttpClient();
        try
        {
            await repo.CommitAsync("v1", ("Dockerfile", AppRepo.PageDockerfile("version one")));
            var sw = Stopwatch.StartNew();
            var log = await PushAndAssertAsync(hiy, repo, app);
            output.WriteLine($"first push → live: {sw.Elapsed.TotalSeconds:0.0} s");
            Assert.Contains("Step 1/", log);
            Assert.Equal((HttpStatusCode.OK, "version one"), await hiy.GetAppAsync(http, app));
            var deploys = await hiy.DeploysAsync(app);
            Assert.Equal("succeeded", deploys[0].GetProperty("status").GetString());
            Assert.Equal("git", deploys[0].GetProperty("triggered_by").GetString());
            Assert.Equal(await repo.HeadAsync(), deploys[0].GetProperty("sha").GetString());

            // Redeploy under load: every request during the swap must succeed.
            await repo.CommitAsync("v2", ("Dockerfile", AppRepo.PageDockerfile("version two")));
            using var stop = new CancellationTokenSource();
            var ok = 0;
            var failures = new List<string>();
            var bodies = new HashSet<string>();
            var load = Task.Run(async () =>
            {
                using var client = new HttpClient();
                while (!stop.IsCancellationRequested)
                {
                    try
                    {
                        var (status, body) = await hiy.GetAppAsync(client, app);
                        if (status == HttpStatusCode.OK) { ok++; lock (bodies) bodies.Add(body); }
                        else lock (failures) failures.Add($"{(int)status} {body[..Math.Min(body.Length, 80)]}");
                    }
                    catch (HttpRequestException e)
                    {
                        lock (failures) failures.Add(e.Message);
                    }
                }
            });
            sw.Restart();
            await PushAndAssertAsync(hiy, repo, app);
            output.WriteLine($"second push → live: {sw.Elapsed.TotalSeconds:0.0} s");
            await Task.Delay(TimeSpan.FromSeconds(7)); // past the old container's retirement
            stop.Cancel();
            await load;
            output.WriteLine($"load during redeploy: {ok} ok, {failures.Count} failed");
            Assert.True(failures.Count == 0, string.Join("\n", failures.Take(10)));
            Assert.True(ok > 50, $"only {ok} requests ran during the redeploy");
            Assert.Contains("version one", bodies);
            Assert.Contains("version two", bodies);
            Assert.Equal((HttpStatusCode.OK, "version two"), await hiy.GetAppAsync(http, app));
        }
        finally
        {
            await hiy.Api.DeleteAsync($"/api/v1/apps/{app}");
        }
    }

    [Fact]
    public async Task FailedBuildAndFailedHealthCheck_LeaveOldVersionServing_RollbackRestoresPrevious()
    {
        await using var hiy = await HiyUnderTest.StartAsync();
        var app = HiyUnderTest.UniqueApp("keep");
        await hiy.CreateAppAsync(app);
        using var repo = await AppRepo.CreateAsync();
        using var http = new HttpClient();
        try
        {
            await repo.CommitAsync("v1", ("Dockerfile", AppRepo.PageDockerfile("first")));
            await PushAndAssertAsync(hiy, repo, app);
            await repo.CommitAsync("v2", ("Dockerfile", AppRepo.PageDockerfile("second")));
            await PushAndAssertAsync(hiy, repo, app);
            Assert.Equal((HttpStatusCode.OK, "second"), await hiy.GetAppAsync(http, app));

            // A Dockerfile that does not build.
            await repo.CommitAsync("broken", ("Dockerfile", "FROM hiy-test/busybox\nRUN echo about to fail && exit 7\n"));
            var broken = await repo.PushAsync(hiy.Host.BaseAddress, app, hiy.Token);
            Assert.Contains("exit 7", broken.StdOut + broken.StdErr);
            var deploys = await hiy.DeploysAsync(app);
            Assert.Equal("failed", deploys[0].GetProperty("status").GetString());
            Assert.Equal((HttpStatusCode.OK, "second"), await hiy.GetAppAsync(http, app));

            // An image that builds but dies at start: the health check fails, the old container serves on.
            await repo.CommitAsync("crashes", ("Dockerfile", "FROM hiy-test/busybox\nCMD [\"sh\", \"-c\", \"echo crashing; exit 3\"]\n"));
            var crash = await repo.PushAsync(hiy.Host.BaseAddress, app, hiy.Token);
            Assert.Contains("health check", crash.StdOut + crash.StdErr);
            deploys = await hiy.DeploysAsync(app);
            Assert.Equal("failed", deploys[0].GetProperty("status").GetString());
            Assert.Equal((HttpStatusCode.OK, "second"), await hiy.GetAppAsync(http, app));
            Assert.Equal("running", (await hiy.AppAsync(app)).GetProperty("status").GetString());

            // Rollback: the previous image, no build.
            var sw = Stopwatch.StartNew();
            var rb = await hiy.Api.PostAsync($"/api/v1/apps/{app}/rollback", null);
            Assert.Equal(HttpStatusCode.Accepted, rb.StatusCode);
            var id = JsonDocument.Parse(await rb.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetInt64();
            await HiyUnderTest.EventuallyAsync(async () => (await hiy.GetAppAsync(http, app)).Body == "first", TimeSpan.FromSeconds(60), "the rollback to serve 'first'");
            output.WriteLine($"rollback → previous body served: {sw.Elapsed.TotalSeconds:0.0} s");
            var rollback = JsonDocument.Parse(await hiy.Api.GetStringAsync($"/api/v1/apps/{app}/deploys/{id}")).RootElement;
            Assert.Equal("rollback", rollback.GetProperty("triggered_by").GetString());
            Assert.DoesNotContain("Step 1/", rollback.GetProperty("log").GetString());
            Assert.True(sw.Elapsed < TimeSpan.FromSeconds(30), $"rollback took {sw.Elapsed}");
        }
        finally
        {
            await hiy.Api.DeleteAsync($"/api/v1/apps/{app}");
        }
    }

    [Fact]
    public async Task Build_PrintsTheWebhookSecret_StoredLogAndPushOutputHaveItMasked()
    {
        await using var hiy = await HiyUnderTest.StartAsync();
        var app = HiyUnderTest.UniqueApp("leak");
        await hiy.CreateAppAsync(app);
        using var repo = await AppRepo.CreateAsync();
        try
        {
            // A secret of hiy's own, not the app's env: the redactor used to know only the app's env values.
            var rotated = await hiy.Api.PostAsync("/api/v1/settings/webhook-secret", null);
            Assert.Equal(HttpStatusCode.OK, rotated.StatusCode);
            var secret = JsonDocument.Parse(await rotated.Content.ReadAsStringAsync()).RootElement.GetProperty("secret").GetString()!;
            await repo.CommitAsync("leaky build", ("Dockerfile", $$"""
                FROM hiy-test/busybox
                RUN echo "build says {{secret}}" && mkdir -p /www && echo ok > /www/index.html
                EXPOSE 8080
                CMD ["sh", "-c", "exec httpd -f -p $PORT -h /www"]
                """));
            var push = await PushAndAssertAsync(hiy, repo, app);
            Assert.DoesNotContain(secret, push);
            var deploys = await hiy.DeploysAsync(app);
            var log = JsonDocument.Parse(await hiy.Api.GetStringAsync($"/api/v1/apps/{app}/deploys/{deploys[0].GetProperty("id").GetInt64()}"))
                .RootElement.GetProperty("log").GetString()!;
            Assert.DoesNotContain(secret, log);
            Assert.Contains("build says [redacted]", log);
        }
        finally
        {
            await hiy.Api.DeleteAsync($"/api/v1/apps/{app}");
        }
    }

    [Fact]
    public async Task EnvChange_RestartsWithNewValues_AndSecretsAreRedactedFromLogs()
    {
        await using var hiy = await HiyUnderTest.StartAsync();
        var app = HiyUnderTest.UniqueApp("env");
        await hiy.CreateAppAsync(app);
        using var repo = await AppRepo.CreateAsync();
        using var http = new HttpClient();
        try
        {
            await repo.CommitAsync("v1", ("Dockerfile", AppRepo.PageDockerfile("env app")));
            await PushAndAssertAsync(hiy, repo, app);
            var put = await hiy.Api.PutAsync($"/api/v1/apps/{app}/env", ApiHost.Json("""{"GREETING":"s3cr3t-greeting-value"}"""));
            Assert.Equal(HttpStatusCode.Accepted, put.StatusCode);
            await HiyUnderTest.EventuallyAsync(async () => (await hiy.GetAppAsync(http, app, "/greeting.txt")).Body == "s3cr3t-greeting-value",
                TimeSpan.FromSeconds(60), "the restarted app to see the new GREETING");
            Assert.Equal("s3cr3t-greeting-value", JsonDocument.Parse(await hiy.Api.GetStringAsync($"/api/v1/apps/{app}/env")).RootElement.GetProperty("GREETING").GetString());

            // The app printed its env on start; the captured log has it masked.
            string logs = "";
            await HiyUnderTest.EventuallyAsync(async () =>
            {
                logs = await hiy.Api.GetStringAsync($"/api/v1/apps/{app}/logs?tail=50");
                return logs.Contains("app starting with GREETING=[redacted]");
            }, TimeSpan.FromSeconds(30), "the start line in the app's logs");
            Assert.DoesNotContain("s3cr3t-greeting-value", logs);

            var bad = await hiy.Api.PutAsync($"/api/v1/apps/{app}/env", ApiHost.Json("""{"1BAD":"x","PORT":"1"}"""));
            var problem = await ApiHost.ProblemAsync(bad, 422);
            Assert.True(problem.GetProperty("errors").TryGetProperty("1BAD", out _));
        }
        finally
        {
            await hiy.Api.DeleteAsync($"/api/v1/apps/{app}");
        }
    }
}
