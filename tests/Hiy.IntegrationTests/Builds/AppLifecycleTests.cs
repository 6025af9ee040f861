using System.Formats.Tar;
using System.Net;
using System.Text;
using System.Text.Json;
using Hiy.Docker;
using Hiy.Docker.Models;
using Hiy.Tests.Docker;
using Hiy.Tests.Web;
using Xunit.Abstractions;

namespace Hiy.Tests.Builds;

/// <summary>
/// The app lifecycle through the real API, dockerd and git: delete and re-create, image upload (and a foreign
/// tag refused), restart under load, a live memory change, a bad deploy ref.
/// </summary>
[Collection(DockerCollection.Name)]
public class AppLifecycleTests(ITestOutputHelper output)
{
    private static DockerClient Docker() => new(DockerEndpoint.Parse(TestEnv.DockerHost));

    private static async Task<long> WaitDeployAsync(HiyUnderTest hiy, string app, long id, string status = "succeeded")
    {
        JsonElement d = default;
        await HiyUnderTest.EventuallyAsync(async () =>
        {
            d = JsonDocument.Parse(await hiy.Api.GetStringAsync($"/api/v1/apps/{app}/deploys/{id}")).RootElement;
            return d.GetProperty("status").GetString() is "succeeded" or "failed" or "canceled";
        }, TimeSpan.FromMinutes(3), $"deploy {id} of {app} to finish");
        Assert.True(d.GetProperty("status").GetString() == status, d.ToString());
        return id;
    }

    private static async Task<long> AcceptedIdAsync(HttpResponseMessage r)
    {
        var body = await r.Content.ReadAsStringAsync();
        Assert.True(r.StatusCode == HttpStatusCode.Accepted, body);
        return JsonDocument.Parse(body).RootElement.GetProperty("id").GetInt64();
    }

    [Fact]
    public async Task DeleteThenRecreate_SameName_DeploysOnlyTheNewCode()
    {
        await using var hiy = await HiyUnderTest.StartAsync();
        var app = HiyUnderTest.UniqueApp("again");
        using var http = new HttpClient();
        try
        {
            await hiy.CreateAppAsync(app);
            using (var first = await AppRepo.CreateAsync())
            {
                await first.CommitAsync("old", ("Dockerfile", AppRepo.PageDockerfile("old code")));
                Assert.True((await first.PushAsync(hiy.Host.BaseAddress, app, hiy.Token)).Succeeded);
            }
            Assert.Equal((HttpStatusCode.OK, "old code"), await hiy.GetAppAsync(http, app));
            // A refused duplicate create leaves the existing app's pushed repository alone: it still deploys.
            var duplicate = await hiy.Api.PostAsync("/api/v1/apps", ApiHost.Json($$"""{"name":"{{app}}"}"""));
            Assert.Equal(HttpStatusCode.Conflict, duplicate.StatusCode);
            await WaitDeployAsync(hiy, app, await AcceptedIdAsync(await hiy.Api.PostAsync($"/api/v1/apps/{app}/deploys", null)));
            var oldIds = (await hiy.DeploysAsync(app)).EnumerateArray().Select(d => d.GetProperty("id").GetInt64()).ToList();
            Assert.Equal(HttpStatusCode.NoContent, (await hiy.Api.DeleteAsync($"/api/v1/apps/{app}")).StatusCode);

            await hiy.CreateAppAsync(app);
            // Nothing pushed to the new app yet: a deploy has nothing to build (the old repository is gone).
            var early = await AcceptedIdAsync(await hiy.Api.PostAsync($"/api/v1/apps/{app}/deploys", null));
            await WaitDeployAsync(hiy, app, early, "failed");
            Assert.DoesNotContain(early, oldIds);
            Assert.True(early > oldIds.Max(), $"deploy id {early} reused an id of the deleted app ({string.Join(",", oldIds)})");

            // An unrelated history pushes cleanly (no non-fast-forward against the old repository) and is what runs.
            using var second = await AppRepo.CreateAsync();
            await second.CommitAsync("new", ("Dockerfile", AppRepo.PageDockerfile("new code")));
            var push = await second.PushAsync(hiy.Host.BaseAddress, app, hiy.Token);
            Assert.True(push.Succeeded, push.StdErr);
            Assert.Equal((HttpStatusCode.OK, "new code"), await hiy.GetAppAsync(http, app));
        }
        finally
        {
            await hiy.Api.DeleteAsync($"/api/v1/apps/{app}");
        }
    }

    [Fact]
    public async Task ImageUpload_DockerSaveTar_Deploys_AndATarWithForeignTagsIsRefusedWithNothingRetagged()
    {
        await using var hiy = await HiyUnderTest.StartAsync();
        var app = HiyUnderTest.UniqueApp("upload");
        var other = HiyUnderTest.UniqueApp("other");
        using var docker = Docker();
        using var http = new HttpClient();
        var tag = $"hiy/{app}:laptop";
        var tarPath = Path.Combine(Path.GetTempPath(), $"hiy-upload-{Guid.NewGuid():N}.tar");
        try
        {
            await hiy.CreateAppAsync(app);
            // Built "off the Pi", saved, and gone from the engine before the upload.
            await docker.BuildImageAsync(TarContext.Dockerfile(AppRepo.PageDockerfile("uploaded image")), new ImageBuildOptions { Tags = [tag] });
            await using (var file = File.Create(tarPath))
                await docker.SaveImageAsync(tag, file);
            await docker.RemoveImageAsync(tag, force: true);

            await using (var upload = File.OpenRead(tarPath))
            {
                var content = new StreamContent(upload);
                content.Headers.ContentType = new("application/x-tar");
                var id = await AcceptedIdAsync(await hiy.Api.PostAsync($"/api/v1/apps/{app}/deploys", content));
                await WaitDeployAsync(hiy, app, id);
            }
            Assert.Equal((HttpStatusCode.OK, "uploaded image"), await hiy.GetAppAsync(http, app));

            // The same image, its tags rewritten to point at a base image and at another app's repository.
            var baseBefore = (await docker.InspectImageAsync("hiy-test/busybox")).Id;
            using var foreign = Retag(tarPath, ["hiy-test/busybox:latest", $"hiy/{other}:1"]);
            var content2 = new StreamContent(foreign);
            content2.Headers.ContentType = new("application/x-tar");
            var refused = await hiy.Api.PostAsync($"/api/v1/apps/{app}/deploys", content2);
            var problem = await refused.Content.ReadAsStringAsync();
            output.WriteLine(problem);
            Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
            Assert.Contains("hiy-test/busybox:latest", problem);
            Assert.Contains($"hiy/{app}", problem);
            Assert.Equal(baseBefore, (await docker.InspectImageAsync("hiy-test/busybox")).Id);
            Assert.False(await docker.ImageExistsAsync($"hiy/{other}:1"));
            Assert.Single((await hiy.DeploysAsync(app)).EnumerateArray());

            // Not a docker save at all: 422 naming the body, not 500.
            var junk = new ByteArrayContent(Encoding.UTF8.GetBytes("not a tar"));
            junk.Headers.ContentType = new("application/x-tar");
            Assert.Equal(HttpStatusCode.UnprocessableEntity, (await hiy.Api.PostAsync($"/api/v1/apps/{app}/deploys", junk)).StatusCode);
        }
        finally
        {
            File.Delete(tarPath);
            await hiy.Api.DeleteAsync($"/api/v1/apps/{app}");
        }
    }

    /// <summary>A copy of a `docker save` tar whose manifest, index and repositories name <paramref name="tags"/> instead.</summary>
    private static MemoryStream Retag(string tarPath, string[] tags)
    {
        var result = new MemoryStream();
        using (var input = File.OpenRead(tarPath))
        using (var reader = new TarReader(input))
        using (var writer = new TarWriter(result, TarEntryFormat.Pax, leaveOpen: true))
        {
            while (reader.GetNextEntry(copyData: true) is { } entry)
            {
                var name = entry.Name.TrimStart('.', '/');
                if (name == "manifest.json")
                {
                    var manifest = JsonDocument.Parse(entry.DataStream!).RootElement[0];
                    var json = $$"""[{"Config":{{JsonSerializer.Serialize(manifest.GetProperty("Config").GetString())}},"RepoTags":[{{string.Join(",", tags.Select(t => $"\"{t}\""))}}],"Layers":{{manifest.GetProperty("Layers").GetRawText()}}}]""";
                    writer.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, entry.Name) { DataStream = new MemoryStream(Encoding.UTF8.GetBytes(json)) });
                }
                else if (name is "repositories" or "index.json")
                {
                    var text = new StreamReader(entry.DataStream!).ReadToEnd();
                    writer.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, entry.Name)
                    {
                        DataStream = new MemoryStream(Encoding.UTF8.GetBytes(name == "repositories" ? "{}" : text.Replace("hiy/", "hiy-test/", StringComparison.Ordinal))),
                    });
                }
                else
                    writer.WriteEntry(entry);
            }
        }
        result.Position = 0;
        return result;
    }

    [Fact]
    public async Task Restart_UnderARequestLoop_ZeroFailedRequests_AndPatchMemoryReachesTheRunningContainer()
    {
        await using var hiy = await HiyUnderTest.StartAsync();
        var app = HiyUnderTest.UniqueApp("restart");
        using var docker = Docker();
        using var http = new HttpClient();
        try
        {
            await hiy.CreateAppAsync(app);
            using var repo = await AppRepo.CreateAsync();
            await repo.CommitAsync("v1", ("Dockerfile", AppRepo.PageDockerfile("steady")));
            Assert.True((await repo.PushAsync(hiy.Host.BaseAddress, app, hiy.Token)).Succeeded);
            var before = (await hiy.AppAsync(app)).GetProperty("current_deploy_id").GetInt64();

            using var stop = new CancellationTokenSource();
            int ok = 0, failed = 0;
            var failures = new List<string>();
            var loop = Task.Run(async () =>
            {
                while (!stop.IsCancellationRequested)
                {
                    var (status, body) = await hiy.GetAppAsync(http, app);
                    if (status == HttpStatusCode.OK && body == "steady")
                        ok++;
                    else
                    {
                        failed++;
                        lock (failures)
                            failures.Add($"{(int)status} {body[..Math.Min(80, body.Length)]}");
                    }
                }
            });
            var id = await AcceptedIdAsync(await hiy.Api.PostAsync($"/api/v1/apps/{app}/restart", null));
            await WaitDeployAsync(hiy, app, id);
            await Task.Delay(1500); // past the swap, into the old container's retirement
            await stop.CancelAsync();
            await loop;
            output.WriteLine($"restart under load: {ok} ok, {failed} failed");
            Assert.True(failed == 0, string.Join("\n", failures.Take(5)));
            Assert.True(ok > 10, $"only {ok} requests went through");
            var after = await hiy.AppAsync(app);
            Assert.Equal(id, after.GetProperty("current_deploy_id").GetInt64());
            Assert.NotEqual(before, id);
            var restart = JsonDocument.Parse(await hiy.Api.GetStringAsync($"/api/v1/apps/{app}/deploys/{id}")).RootElement;
            Assert.Equal("restart", restart.GetProperty("triggered_by").GetString());

            // PATCH memory: applied to the running container at once, and the answer says so.
            var patch = await hiy.Api.PatchAsync($"/api/v1/apps/{app}", ApiHost.Json("""{"memory_mb":96,"cpus":0.25}"""));
            var patched = JsonDocument.Parse(await patch.Content.ReadAsStringAsync()).RootElement;
            Assert.Equal(HttpStatusCode.OK, patch.StatusCode);
            Assert.Contains("applied to the running container", patched.GetProperty("applied").GetString());
            var container = after.GetProperty("container").GetProperty("id").GetString()!;
            var limits = (await docker.InspectContainerAsync(container)).HostConfig!;
            Assert.Equal(96L << 20, limits.Memory);
            Assert.Equal(250_000_000L, limits.NanoCpus);
        }
        finally
        {
            await hiy.Api.DeleteAsync($"/api/v1/apps/{app}");
        }
    }

    [Theory]
    [InlineData("--upload-pack=touch /tmp/pwned")]
    [InlineData("main..other")]
    public async Task Deploy_RefGitWouldRefuse_422NamingRef_NothingQueued(string gitRef)
    {
        await using var hiy = await HiyUnderTest.StartAsync();
        var app = HiyUnderTest.UniqueApp("ref");
        try
        {
            await hiy.CreateAppAsync(app);
            var r = await hiy.Api.PostAsync($"/api/v1/apps/{app}/deploys", ApiHost.Json(JsonSerializer.Serialize(new Dictionary<string, string> { ["ref"] = gitRef })));
            var problem = JsonDocument.Parse(await r.Content.ReadAsStringAsync()).RootElement;
            Assert.Equal(HttpStatusCode.UnprocessableEntity, r.StatusCode);
            Assert.True(problem.GetProperty("errors").TryGetProperty("ref", out _), problem.ToString());
            Assert.Empty((await hiy.DeploysAsync(app)).EnumerateArray());
        }
        finally
        {
            await hiy.Api.DeleteAsync($"/api/v1/apps/{app}");
        }
    }
}
