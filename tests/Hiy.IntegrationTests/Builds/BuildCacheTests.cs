using System.Text.Json;
using Hiy.Docker;
using Hiy.Docker.Models;
using Hiy.Tests.Docker;

namespace Hiy.Tests.Builds;

/// <summary>The build-cache cap against the real dockerd: hiy prunes only its own images, never a live or rollback one.</summary>
[Collection(DockerCollection.Name)]
public class BuildCacheTests
{
    [Fact]
    public async Task TinyCap_AfterBuilds_PrunesHiysSpareImagesOnly_LiveRollbackAndForeignImagesSurvive()
    {
        await using var hiy = await HiyUnderTest.StartAsync(configure: c => c with { BuildCacheMaxMb = 0 });
        using var docker = new DockerClient(DockerEndpoint.Parse(TestEnv.DockerHost));
        var app = HiyUnderTest.UniqueApp("cache");
        var run = Guid.NewGuid().ToString("N")[..8];
        // Not hiy's: a plain re-tag of the test image, and an image labelled by "another hiy" for an app this one does not know.
        var unrelated = $"hiy-test/unrelated-{run}";
        await docker.TagImageAsync("hiy-test/busybox", unrelated, "keep");
        var foreign = $"hiy-test/other-hiy-{run}:keep";
        using (var context = TarContext.Dockerfile("FROM hiy-test/busybox\nRUN echo other > /other\n"))
            await docker.BuildImageAsync(context, new ImageBuildOptions
            {
                Tags = [foreign],
                Labels = new Dictionary<string, string> { ["hiy.managed"] = "1", ["hiy.app"] = $"other-{run}" },
            });
        await hiy.CreateAppAsync(app);
        using var repo = await AppRepo.CreateAsync();
        try
        {
            await repo.CommitAsync("v1", ("Dockerfile", AppRepo.PageDockerfile("one")));
            Assert.True((await repo.PushAsync(hiy.Host.BaseAddress, app, hiy.Token)).Succeeded);
            await repo.CommitAsync("v2", ("Dockerfile", AppRepo.PageDockerfile("two")));
            Assert.True((await repo.PushAsync(hiy.Host.BaseAddress, app, hiy.Token)).Succeeded);
            var deploys = await hiy.DeploysAsync(app);
            var live = deploys[0].GetProperty("image").GetString()!;
            var rollback = deploys[1].GetProperty("image").GetString()!;
            var log2 = await LogAsync(hiy, app, deploys[0].GetProperty("id").GetInt64());
            Assert.Contains("-----> build cache: ", log2);
            Assert.Contains("> cap 0 MB, pruned 0 MB", log2); // both images are protected: nothing to prune

            // A build whose container dies at start leaves an image nobody runs or rolls back to.
            await repo.CommitAsync("crashes", ("Dockerfile", "FROM hiy-test/busybox\nRUN echo crash > /c\nCMD [\"sh\", \"-c\", \"exit 3\"]\n"));
            await repo.PushAsync(hiy.Host.BaseAddress, app, hiy.Token);
            deploys = await hiy.DeploysAsync(app);
            Assert.Equal("failed", deploys[0].GetProperty("status").GetString());
            var spare = deploys[0].GetProperty("image").GetString()!;
            var log3 = await LogAsync(hiy, app, deploys[0].GetProperty("id").GetInt64());
            Assert.Contains($"removed {spare}", log3);
            Assert.Matches(@"-----> build cache: [0-9.]+ MB > cap 0 MB, pruned [0-9.]+ MB", log3);

            Assert.False(await docker.ImageExistsAsync(spare));
            Assert.True(await docker.ImageExistsAsync(live));
            Assert.True(await docker.ImageExistsAsync(rollback));
            Assert.True(await docker.ImageExistsAsync($"{unrelated}:keep"));
            Assert.True(await docker.ImageExistsAsync(foreign));
            Assert.True(await docker.ImageExistsAsync("hiy-test/busybox"));
        }
        finally
        {
            await hiy.Api.DeleteAsync($"/api/v1/apps/{app}");
            await docker.RemoveImageAsync($"{unrelated}:keep");
            await docker.RemoveImageAsync(foreign, force: true);
        }
    }

    [Fact]
    public async Task Cleanup_ThreeDeploys_RemovesTheSpareImageOnly_LiveRollbackAndOthersSurvive()
    {
        await using var hiy = await HiyUnderTest.StartAsync(); // the default cap: the builds themselves prune nothing
        using var docker = new DockerClient(DockerEndpoint.Parse(TestEnv.DockerHost));
        var app = HiyUnderTest.UniqueApp("clean");
        var unrelated = $"hiy-test/unrelated-{Guid.NewGuid().ToString("N")[..8]}";
        await docker.TagImageAsync("hiy-test/busybox", unrelated, "keep");
        await hiy.CreateAppAsync(app);
        using var repo = await AppRepo.CreateAsync();
        try
        {
            foreach (var v in new[] { "one", "two", "three" })
            {
                await repo.CommitAsync(v, ("Dockerfile", AppRepo.PageDockerfile(v)));
                Assert.True((await repo.PushAsync(hiy.Host.BaseAddress, app, hiy.Token)).Succeeded);
            }
            var deploys = await hiy.DeploysAsync(app);
            var (live, rollback, spare) = (deploys[0].GetProperty("image").GetString()!, deploys[1].GetProperty("image").GetString()!,
                deploys[2].GetProperty("image").GetString()!);
            Assert.True(await docker.ImageExistsAsync(spare));
            // The old containers go after their retire grace; until then their images are in use and kept.
            await HiyUnderTest.EventuallyAsync(async () =>
                (await docker.ListContainersAsync(true, new Dictionary<string, string[]> { ["label"] = [$"hiy.app={app}"] })).Length == 1,
                TimeSpan.FromSeconds(60), "the retired containers removed");

            using var r = await hiy.Api.PostAsync("/api/v1/system/cleanup", null);
            var body = await r.Content.ReadAsStringAsync();
            Assert.True(r.IsSuccessStatusCode, body);
            var result = JsonDocument.Parse(body).RootElement;
            Assert.Contains(spare, result.GetProperty("removed_images").EnumerateArray().Select(e => e.GetString()));
            Assert.True(result.GetProperty("freed_bytes").GetInt64() > 0, body);
            Assert.True(result.GetProperty("kept_images").GetInt32() >= 2, body);
            Assert.False(result.GetProperty("disk_full").GetBoolean());
            Assert.False(await docker.ImageExistsAsync(spare));
            Assert.True(await docker.ImageExistsAsync(live));
            Assert.True(await docker.ImageExistsAsync(rollback));
            Assert.True(await docker.ImageExistsAsync($"{unrelated}:keep"));

            // Nothing left to free: a second cleanup removes nothing and still answers.
            using var again = await hiy.Api.PostAsync("/api/v1/system/cleanup", null);
            Assert.Empty(JsonDocument.Parse(await again.Content.ReadAsStringAsync()).RootElement.GetProperty("removed_images").EnumerateArray());
        }
        finally
        {
            await hiy.Api.DeleteAsync($"/api/v1/apps/{app}");
            await docker.RemoveImageAsync($"{unrelated}:keep");
        }
    }

    [Fact]
    public async Task ImagePrune_AfterACrashedDeploy_KeepsTheImageRollbackPicks()
    {
        await using var hiy = await HiyUnderTest.StartAsync();
        using var docker = new DockerClient(DockerEndpoint.Parse(TestEnv.DockerHost));
        using var http = new HttpClient();
        var app = HiyUnderTest.UniqueApp("keeprb");
        await hiy.CreateAppAsync(app);
        using var repo = await AppRepo.CreateAsync();
        try
        {
            await repo.CommitAsync("v1", ("Dockerfile", AppRepo.PageDockerfile("one")));
            await repo.PushAsync(hiy.Host.BaseAddress, app, hiy.Token);
            await repo.CommitAsync("v2", ("Dockerfile", AppRepo.PageDockerfile("two")));
            await repo.PushAsync(hiy.Host.BaseAddress, app, hiy.Token);
            await repo.CommitAsync("crashes", ("Dockerfile", "FROM hiy-test/busybox\nRUN echo crash > /c\nCMD [\"sh\", \"-c\", \"exit 3\"]\n"));
            await repo.PushAsync(hiy.Host.BaseAddress, app, hiy.Token);
            await repo.CommitAsync("v4", ("Dockerfile", AppRepo.PageDockerfile("four")));
            await repo.PushAsync(hiy.Host.BaseAddress, app, hiy.Token);
            var deploys = await hiy.DeploysAsync(app);
            Assert.Equal(["succeeded", "failed", "succeeded", "succeeded"], deploys.EnumerateArray().Select(d => d.GetProperty("status").GetString()));
            Assert.Equal((System.Net.HttpStatusCode.OK, "four"), await hiy.GetAppAsync(http, app));
            // The rollback pick ("two") survives a newer crashed image. (Its container is still being retired when
            // "four" goes live, which protects it too; the rule itself is unit-tested in BuildCachePolicyTests.Keep_….)
            Assert.True(await docker.ImageExistsAsync(deploys[2].GetProperty("image").GetString()!));

            var rb = await hiy.Api.PostAsync($"/api/v1/apps/{app}/rollback", null);
            Assert.Equal(System.Net.HttpStatusCode.Accepted, rb.StatusCode);
            await HiyUnderTest.EventuallyAsync(async () => (await hiy.GetAppAsync(http, app)).Body == "two", TimeSpan.FromSeconds(60),
                "the rollback to serve 'two'");
        }
        finally
        {
            await hiy.Api.DeleteAsync($"/api/v1/apps/{app}");
        }
    }

    private static async Task<string> LogAsync(HiyUnderTest hiy, string app, long id) =>
        JsonDocument.Parse(await hiy.Api.GetStringAsync($"/api/v1/apps/{app}/deploys/{id}")).RootElement.GetProperty("log").GetString()!;
}
