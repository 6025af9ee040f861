using System.Net;
using Hiy.Tests.Docker;
using Hiy.Tests.Web;
using Xunit.Abstractions;

namespace Hiy.Tests.Builds;

/// <summary>
/// Pushes that fail like Heroku's: the deploy runs from git's pre-receive hook, so a failed deploy (or a
/// hiy that stops under it) refuses the push and leaves the branch where it was. Real git, real hiy, real dockerd.
/// </summary>
[Collection(DockerCollection.Name)]
public class PushRejectTests(ITestOutputHelper output)
{
    private static async Task<List<(long Id, string Status, string? Sha)>> DeploysAsync(HiyUnderTest hiy, string app) =>
        [.. (await hiy.DeploysAsync(app)).EnumerateArray().Select(d =>
            (d.GetProperty("id").GetInt64(), d.GetProperty("status").GetString()!, d.GetProperty("sha").GetString()))];

    [Fact]
    public async Task GitPush_BuildFails_RejectedRefUnchanged_RepushBuildsAgain_FixedPushDeploys()
    {
        await using var hiy = await HiyUnderTest.StartAsync();
        var app = HiyUnderTest.UniqueApp("reject");
        await hiy.CreateAppAsync(app);
        using var repo = await AppRepo.CreateAsync();
        using var http = new HttpClient();
        try
        {
            await repo.CommitAsync("broken", ("Dockerfile", $"FROM hiy-test/busybox\nRUN echo {app} about to fail && false\n"));
            var broken = await repo.HeadAsync();

            var first = await repo.PushAsync(hiy.Host.BaseAddress, app, hiy.Token);
            var text = first.StdOut + first.StdErr;
            output.WriteLine(text);
            Assert.False(first.Succeeded, text);
            Assert.Contains("! [remote rejected] main -> main", text);
            Assert.Contains($"{app} about to fail", text);
            Assert.Null(await repo.RemoteShaAsync(hiy.Host.BaseAddress, app, hiy.Token));
            var deploys = await DeploysAsync(hiy, app);
            Assert.Equal(("failed", broken), (deploys[0].Status, deploys[0].Sha));

            // The same commit again: nothing of it was kept, so git sends it again and hiy builds it again.
            var again = await repo.PushAsync(hiy.Host.BaseAddress, app, hiy.Token);
            Assert.False(again.Succeeded, again.StdOut + again.StdErr);
            Assert.Contains("! [remote rejected] main -> main", again.StdErr);
            var after = await DeploysAsync(hiy, app);
            Assert.Equal(deploys.Count + 1, after.Count);
            Assert.Equal(("failed", broken), (after[0].Status, after[0].Sha));
            Assert.NotEqual(deploys[0].Id, after[0].Id);
            Assert.Null(await repo.RemoteShaAsync(hiy.Host.BaseAddress, app, hiy.Token));

            await repo.CommitAsync("fixed", ("Dockerfile", AppRepo.PageDockerfile("fixed")));
            var fixedSha = await repo.HeadAsync();
            var ok = await repo.PushAsync(hiy.Host.BaseAddress, app, hiy.Token);
            Assert.True(ok.Succeeded, ok.StdOut + ok.StdErr);
            Assert.Contains($"http://{app}.{HiyUnderTest.Domain}", ok.StdErr);
            Assert.Equal(fixedSha, await repo.RemoteShaAsync(hiy.Host.BaseAddress, app, hiy.Token));
            Assert.Equal((HttpStatusCode.OK, "fixed"), await hiy.GetAppAsync(http, app));
            var last = await DeploysAsync(hiy, app);
            Assert.Equal(("succeeded", fixedSha), (last[0].Status, last[0].Sha));
        }
        finally
        {
            await hiy.Api.DeleteAsync($"/api/v1/apps/{app}");
        }
    }

    [Fact]
    public async Task GitPush_AppNeverListens_HealthCheckFailsAndPushRejected()
    {
        await using var hiy = await HiyUnderTest.StartAsync();
        var app = HiyUnderTest.UniqueApp("deaf");
        await hiy.CreateAppAsync(app);
        using var repo = await AppRepo.CreateAsync();
        try
        {
            await repo.CommitAsync("deaf", ("Dockerfile", "FROM hiy-test/busybox\nCMD [\"sh\", \"-c\", \"echo not listening; exit 3\"]\n"));
            var push = await repo.PushAsync(hiy.Host.BaseAddress, app, hiy.Token);
            Assert.False(push.Succeeded, push.StdErr);
            Assert.Contains("health check", push.StdErr);
            Assert.Contains("! [remote rejected] main -> main", push.StdErr);
            Assert.Null(await repo.RemoteShaAsync(hiy.Host.BaseAddress, app, hiy.Token));
        }
        finally
        {
            await hiy.Api.DeleteAsync($"/api/v1/apps/{app}");
        }
    }

    [Fact]
    public async Task GitPush_HiyStopsDuringBuild_RefusedRefUnchanged_SamePushDeploysAfterRestart()
    {
        using var data = new TempDir();
        HiyUnderTest? hiy = await HiyUnderTest.StartAsync(data.Path);
        var app = HiyUnderTest.UniqueApp("stop");
        using var repo = await AppRepo.CreateAsync();
        try
        {
            await hiy.CreateAppAsync(app);
            // A build that is still running when hiy stops (unique, so no cached layer skips the sleep).
            await repo.CommitAsync("slow", ("Dockerfile", AppRepo.PageDockerfile("after restart")
                .Replace("FROM hiy-test/busybox\n", $"FROM hiy-test/busybox\nRUN echo {app} && sleep 15\n", StringComparison.Ordinal)));
            var sha = await repo.HeadAsync();
            var push = repo.PushAsync(hiy.Host.BaseAddress, app, hiy.Token);
            await HiyUnderTest.EventuallyAsync(async () => (await DeploysAsync(hiy, app)) is [{ Status: "building" }, ..], TimeSpan.FromSeconds(60), "the build to start");

            var sw = System.Diagnostics.Stopwatch.StartNew();
            await hiy.DisposeAsync();
            hiy = null;
            output.WriteLine($"graceful stop with a push in flight: {sw.Elapsed.TotalSeconds:0.0} s");
            var refused = await push;
            Assert.False(refused.Succeeded, refused.StdErr);
            Assert.Contains("! [remote rejected] main -> main", refused.StdErr);
            Assert.Contains("hiy is stopping", refused.StdErr);
            var bare = Path.Combine(data.Path, "git", app + ".git");
            var r = await new Hiy.Core.ProcessRunner().RunAsync("git", ["--git-dir=" + bare, "rev-parse", "-q", "--verify", "refs/heads/main"]);
            Assert.False(r.Succeeded, "main is at " + r.StdOut);

            hiy = await HiyUnderTest.StartAsync(data.Path);
            var again = await repo.PushAsync(hiy.Host.BaseAddress, app, hiy.Token);
            Assert.True(again.Succeeded, again.StdOut + again.StdErr);
            Assert.Equal(sha, await repo.RemoteShaAsync(hiy.Host.BaseAddress, app, hiy.Token));
            using var http = new HttpClient();
            Assert.Equal((HttpStatusCode.OK, "after restart"), await hiy.GetAppAsync(http, app));
            var deploys = await DeploysAsync(hiy, app);
            Assert.Equal(("succeeded", sha), (deploys[0].Status, deploys[0].Sha));
            Assert.NotEqual("succeeded", deploys[1].Status);
        }
        finally
        {
            if (hiy is not null)
            {
                await hiy.Api.DeleteAsync($"/api/v1/apps/{app}");
                await hiy.DisposeAsync();
            }
        }
    }
}
