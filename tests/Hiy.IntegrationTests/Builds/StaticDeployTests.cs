using System.Net;
using System.Text.Json;
using Hiy.Docker;
using Hiy.Tests.Docker;
using Hiy.Tests.Web;

namespace Hiy.Tests.Builds;

/// <summary>
/// Build strategy (c): static-site repositories pushed with real git to the real appliance, served by
/// hiy's own proxy from a site version — no app container; built ones through the test dockerd.
/// </summary>
[Collection(DockerCollection.Name)]
public class StaticDeployTests
{
    private static async Task<string> PushAsync(HiyUnderTest hiy, AppRepo repo, string app)
    {
        var push = await repo.PushAsync(hiy.Host.BaseAddress, app, hiy.Token);
        var text = push.StdOut + push.StdErr;
        Assert.True(push.Succeeded, text);
        return text;
    }

    /// <summary>A push whose deploy fails is refused (the deploy runs from pre-receive): the branch stays put.</summary>
    private static async Task<string> PushRefusedAsync(HiyUnderTest hiy, AppRepo repo, string app)
    {
        var push = await repo.PushAsync(hiy.Host.BaseAddress, app, hiy.Token);
        var text = push.StdOut + push.StdErr;
        Assert.False(push.Succeeded, text);
        Assert.Contains("! [remote rejected] main -> main", text);
        return text;
    }

    private static async Task<JsonElement> LastDeployAsync(HiyUnderTest hiy, string app)
    {
        var id = (await hiy.DeploysAsync(app))[0].GetProperty("id").GetInt64();
        return JsonDocument.Parse(await hiy.Api.GetStringAsync($"/api/v1/apps/{app}/deploys/{id}")).RootElement;
    }

    private static async Task<int> ContainersOfAsync(DockerClient docker, string label) =>
        (await docker.ListContainersAsync(all: true, DockerFilters.Label(label))).Length;

    [Fact]
    public async Task GitPush_PlainIndexHtml_ServedByHiyWithNoContainer_ThenNewContentRollbackAndFailedDeployKeepsContent()
    {
        await using var hiy = await HiyUnderTest.StartAsync();
        using var docker = new DockerClient(DockerEndpoint.Parse(TestEnv.DockerHost));
        var app = HiyUnderTest.UniqueApp("static");
        await hiy.CreateAppAsync(app);
        using var repo = await AppRepo.CreateAsync();
        using var http = new HttpClient();
        try
        {
            await repo.CommitAsync("v1", ("index.html", "static one"), ("about/index.html", "about page"));
            var log = await PushAsync(hiy, repo, app);
            Assert.Contains("-----> Detected a static site (repository root)", log);
            Assert.Contains("-----> Static site in the repository root, no build step", log);
            Assert.Contains("Published version d", log);
            Assert.DoesNotContain("Step 1/", log);
            Assert.Equal((HttpStatusCode.OK, "static one"), await hiy.GetAppAsync(http, app));
            Assert.Equal((HttpStatusCode.OK, "about page"), await hiy.GetAppAsync(http, app, "/about/"));
            Assert.Equal(HttpStatusCode.NotFound, (await hiy.GetAppAsync(http, app, "/.git/HEAD")).Status);
            var first = await LastDeployAsync(hiy, app);
            Assert.Equal("succeeded", first.GetProperty("status").GetString());
            Assert.Equal("d" + first.GetProperty("id").GetInt64(), first.GetProperty("site_version").GetString());
            Assert.Equal(0, await ContainersOfAsync(docker, $"hiy.app={app}"));
            var view = await hiy.AppAsync(app);
            Assert.Equal("running", view.GetProperty("status").GetString());
            Assert.StartsWith($"http://{app}.{HiyUnderTest.Domain}", view.GetProperty("url").GetString());
            // The app's site is its deploys' to change, not the sites API's.
            await ApiHost.ProblemAsync(await hiy.Api.PostAsync($"/api/v1/sites/{app}/active", ApiHost.Json("""{"version":"x"}""")), 409);
            await ApiHost.ProblemAsync(await hiy.Api.DeleteAsync($"/api/v1/sites/{app}"), 409);
            Assert.Equal((HttpStatusCode.OK, "static one"), await hiy.GetAppAsync(http, app));

            await repo.CommitAsync("v2", ("index.html", "static two"));
            await PushAsync(hiy, repo, app);
            Assert.Equal((HttpStatusCode.OK, "static two"), await hiy.GetAppAsync(http, app));

            // Rollback re-activates the previous version: no fetch, no build.
            var rb = await hiy.Api.PostAsync($"/api/v1/apps/{app}/rollback", null);
            Assert.Equal(HttpStatusCode.Accepted, rb.StatusCode);
            var rollbackId = JsonDocument.Parse(await rb.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetInt64();
            await HiyUnderTest.EventuallyAsync(async () => (await hiy.GetAppAsync(http, app)).Body == "static one", TimeSpan.FromSeconds(60),
                "the rollback to serve 'static one'");
            // The site switches inside the deploy, a moment before its record is finished: wait for the record.
            JsonElement rollback = default;
            await HiyUnderTest.EventuallyAsync(async () =>
            {
                rollback = JsonDocument.Parse(await hiy.Api.GetStringAsync($"/api/v1/apps/{app}/deploys/{rollbackId}")).RootElement;
                return rollback.GetProperty("status").GetString() != "deploying";
            }, TimeSpan.FromSeconds(30), "the rollback deploy to finish");
            Assert.Equal("succeeded", rollback.GetProperty("status").GetString());
            Assert.Equal(first.GetProperty("site_version").GetString(), rollback.GetProperty("site_version").GetString());
            Assert.Contains("Re-activating version", rollback.GetProperty("log").GetString());
            Assert.DoesNotContain("Fetching", rollback.GetProperty("log").GetString());

            // A deploy that cannot publish (static_dir names no folder) fails; the live version serves on.
            await repo.CommitAsync("broken", ("index.html", "static three"), ("hiy.toml", "static_dir = \"nope\"\n"));
            await PushRefusedAsync(hiy, repo, app);
            var broken = await LastDeployAsync(hiy, app);
            Assert.Equal("failed", broken.GetProperty("status").GetString());
            Assert.Contains("static_dir 'nope' does not exist", broken.GetProperty("log").GetString());
            Assert.Equal((HttpStatusCode.OK, "static one"), await hiy.GetAppAsync(http, app));
            Assert.Equal("running", (await hiy.AppAsync(app)).GetProperty("status").GetString());
        }
        finally
        {
            await hiy.Api.DeleteAsync($"/api/v1/apps/{app}");
        }
        Assert.False(Directory.Exists(Path.Combine(hiy.Host.DataDir, "sites", app)));
    }

    [Fact]
    public async Task GitPush_BuildCommand_BuildsInThrowawayContainerServesOutput_BrokenBuildKeepsOldContent()
    {
        await using var hiy = await HiyUnderTest.StartAsync(configure: c => c with { BaseImageNode = "hiy-test/busybox" });
        using var docker = new DockerClient(DockerEndpoint.Parse(TestEnv.DockerHost));
        var app = HiyUnderTest.UniqueApp("built");
        await hiy.CreateAppAsync(app);
        using var repo = await AppRepo.CreateAsync();
        using var http = new HttpClient();
        try
        {
            await repo.CommitAsync("v1", ("index.src", "built page"),
                ("hiy.toml", "static_dir = \"dist\"\nbuild_command = \"mkdir -p dist && cp index.src dist/index.html\"\n"));
            var log = await PushAsync(hiy, repo, app);
            Assert.Contains("-----> Detected a static site (dist/, built by `mkdir -p dist && cp index.src dist/index.html`)", log);
            Assert.Contains("generated Dockerfile:", log);
            Assert.Contains("FROM hiy-test/busybox", log);
            Assert.Contains("-----> Copying /app/dist out of the build container", log);
            Assert.Equal((HttpStatusCode.OK, "built page"), await hiy.GetAppAsync(http, app));
            var deploy = await LastDeployAsync(hiy, app);
            Assert.Equal("succeeded", deploy.GetProperty("status").GetString());
            // The builder is gone: no container, no image; and the app has no container of its own.
            Assert.False(await docker.ImageExistsAsync($"hiy-build/{app}:{deploy.GetProperty("site_version").GetString()}"));
            Assert.Equal(0, await ContainersOfAsync(docker, $"hiy.builder={app}"));
            Assert.Equal(0, await ContainersOfAsync(docker, $"hiy.app={app}"));

            await repo.CommitAsync("broken", ("hiy.toml", "static_dir = \"dist\"\nbuild_command = \"echo failing on purpose && exit 3\"\n"));
            await PushRefusedAsync(hiy, repo, app);
            var broken = await LastDeployAsync(hiy, app);
            Assert.Equal("failed", broken.GetProperty("status").GetString());
            Assert.Contains("failing on purpose", broken.GetProperty("log").GetString());
            Assert.Equal((HttpStatusCode.OK, "built page"), await hiy.GetAppAsync(http, app));
            Assert.Equal(0, await ContainersOfAsync(docker, $"hiy.builder={app}"));
        }
        finally
        {
            await hiy.Api.DeleteAsync($"/api/v1/apps/{app}");
        }
    }

    [Fact]
    public async Task GitPush_DockerfileThenStaticThenDockerfile_RouteFollowsAndOldContainerIsRetired()
    {
        await using var hiy = await HiyUnderTest.StartAsync();
        using var docker = new DockerClient(DockerEndpoint.Parse(TestEnv.DockerHost));
        var app = HiyUnderTest.UniqueApp("switch");
        await hiy.CreateAppAsync(app);
        using var repo = await AppRepo.CreateAsync();
        using var http = new HttpClient();
        try
        {
            await repo.CommitAsync("container", ("Dockerfile", AppRepo.PageDockerfile("from a container")));
            await PushAsync(hiy, repo, app);
            Assert.Equal((HttpStatusCode.OK, "from a container"), await hiy.GetAppAsync(http, app));

            File.Delete(Path.Combine(repo.Path, "Dockerfile"));
            await repo.CommitAsync("static", ("index.html", "from hiy itself"));
            var log = await PushAsync(hiy, repo, app);
            Assert.Contains("retiring", log);
            Assert.Equal((HttpStatusCode.OK, "from hiy itself"), await hiy.GetAppAsync(http, app));
            await HiyUnderTest.EventuallyAsync(async () => await ContainersOfAsync(docker, $"hiy.app={app}") == 0, TimeSpan.FromSeconds(60),
                "the old container to be retired");
            Assert.Equal("running", (await hiy.AppAsync(app)).GetProperty("status").GetString());

            await repo.CommitAsync("container again", ("Dockerfile", AppRepo.PageDockerfile("a container again")));
            await PushAsync(hiy, repo, app);
            Assert.Equal((HttpStatusCode.OK, "a container again"), await hiy.GetAppAsync(http, app));
            Assert.Equal("running", (await hiy.AppAsync(app)).GetProperty("status").GetString());
        }
        finally
        {
            await hiy.Api.DeleteAsync($"/api/v1/apps/{app}");
        }
    }
}
