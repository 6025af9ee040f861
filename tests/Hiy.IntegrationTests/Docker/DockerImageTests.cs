using System.Text.RegularExpressions;
using Hiy.Docker;
using Hiy.Docker.Models;

namespace Hiy.Tests.Docker;

[Collection(DockerCollection.Name)]
public class DockerImageTests(DockerFixture fx)
{
    /// <summary>This run's labels as one Dockerfile instruction (build labels would add a slow vfs step each).</summary>
    private string LabelLine => "LABEL " + string.Join(' ', fx.Labels().Select(l => $"{l.Key}={l.Value}"));

    [Fact]
    public async Task BuildImageAsync_DockerfileFromBusybox_StreamsStepsAndImageCarriesConfig()
    {
        var id = await fx.AppImageAsync();

        Assert.StartsWith("sha256:", id);
        var steps = fx.AppBuildLines.Where(l => Regex.IsMatch(l, @"^Step \d+/\d+ : ")).ToList();
        // Seven Dockerfile instructions, plus one LABEL step per build label Docker appends.
        Assert.Equal($"Step 1/{steps.Count} : FROM hiy-test/busybox", steps[0]);
        Assert.Equal(7 + fx.Labels().Count, steps.Count);
        Assert.Contains(fx.AppBuildLines, l => l == $"Successfully tagged {fx.AppTag}");

        var image = await fx.Client.InspectImageAsync(fx.AppTag);
        var version = await fx.Client.GetVersionAsync();
        Assert.Equal(id, image.Id);
        Assert.Equal(version.Arch, image.Architecture);
        Assert.Equal("linux", image.Os);
        Assert.Contains("8080/tcp", image.Config!.ExposedPorts!.Keys);
        Assert.Equal(["CMD-SHELL", "wget -q -O- http://127.0.0.1:8080/ || exit 1"], image.Config.Healthcheck!.Test!);
        Assert.Equal(TimeSpan.FromSeconds(1), image.Config.Healthcheck.IntervalSpan);
        Assert.Equal("1", image.Labels["hiy.test"]);
        Assert.Equal("app", image.Labels["hiy.test.kind"]);
    }

    [Fact]
    public async Task BuildImageAsync_FailingStep_StepAndMessageInLogAndException()
    {
        var lines = new List<string>();
        // The labels come first so the intermediate image the failed build leaves behind is found by the clean-up.
        using var tar = TarContext.Dockerfile($"FROM hiy-test/busybox\n{LabelLine}\nRUN echo about to fail\nRUN echo boom >&2 && exit 3\n");

        var e = await Assert.ThrowsAsync<DockerApiException>(() => fx.Client.BuildImageAsync(tar,
            new ImageBuildOptions { NoCache = true }, lines.Add));

        Assert.Equal("Step 4/4 : RUN echo boom >&2 && exit 3", e.BuildStep);
        Assert.Contains("returned a non-zero code: 3", e.DockerMessage);
        Assert.Contains($"{e.BuildStep}: {e.DockerMessage}", e.Message);
        Assert.Contains(e.BuildStep, lines);
        Assert.Contains("about to fail", lines);
        Assert.Contains("boom", lines);
        Assert.Equal(e.DockerMessage, lines[^1]);
    }

    [Fact]
    public async Task BuildImageAsync_RunFalse_FailsWithCode1()
    {
        using var tar = TarContext.Dockerfile("FROM hiy-test/busybox\nRUN false\n");

        var e = await Assert.ThrowsAsync<DockerApiException>(() => fx.Client.BuildImageAsync(tar, new ImageBuildOptions()));

        Assert.Equal("Step 2/2 : RUN false", e.BuildStep);
        Assert.Contains("returned a non-zero code: 1", e.Message);
    }

    [Fact]
    public async Task ListTagRemove_LabelFilter_FindsTagsAndUntags()
    {
        var id = await fx.AppImageAsync();
        await using var scope = fx.NewScope();
        var repo = $"hiy-test-tagged-{fx.Run}";

        var listed = await fx.Client.ListImagesAsync(DockerFilters.Label($"hiy.test.run={fx.Run}", "hiy.test.kind=app"));
        await fx.Client.TagImageAsync(fx.AppTag, repo, "v2");
        scope.Image($"{repo}:v2");
        var retagged = await fx.Client.InspectImageAsync($"{repo}:v2");
        var removed = await fx.Client.RemoveImageAsync($"{repo}:v2");

        Assert.Contains(listed, i => i.Id == id && i.RepoTags!.Contains(fx.AppTag));
        Assert.Equal(id, retagged.Id);
        Assert.Contains(removed, r => r.Untagged == $"{repo}:v2");
        Assert.DoesNotContain(removed, r => r.Deleted is not null); // the v1 tag keeps the image
        Assert.True(await fx.Client.ImageExistsAsync(fx.AppTag));
    }

    [Fact]
    public async Task PruneImagesAsync_LabelFilter_RemovesOnlyThatUntaggedImage()
    {
        var marker = fx.Unique("prune");
        // Labels in one Dockerfile instruction (build labels would add a step each; builds are slow on vfs).
        using var tar = TarContext.Dockerfile($"FROM hiy-test/busybox\n{LabelLine} hiy.test.prune={marker}\n");
        var id = await fx.Client.BuildImageAsync(tar, new ImageBuildOptions());

        var pruned = await fx.Client.PruneImagesAsync(DockerFilters.Label($"hiy.test.prune={marker}"));

        Assert.Contains(pruned.ImagesDeleted!, d => d.Deleted == id);
        Assert.False(await fx.Client.ImageExistsAsync(id));
        Assert.True(await fx.Client.ImageExistsAsync("hiy-test/busybox"));
    }

    [Fact]
    public async Task SaveThenLoad_ImageRemovedInBetween_ComesBackWithSameId()
    {
        await using var scope = fx.NewScope();
        var tag = $"hiy-test-saved-{fx.Run}:v1";
        using var context = TarContext.Dockerfile($"FROM hiy-test/busybox\n{LabelLine}\nRUN echo saved > /saved.txt\n");
        var id = await fx.Client.BuildImageAsync(context, new ImageBuildOptions { Tags = [tag] });
        scope.Image(tag);

        using var saved = new MemoryStream();
        await fx.Client.SaveImageAsync(tag, saved);
        await fx.Client.RemoveImageAsync(tag, force: true);
        Assert.False(await fx.Client.ImageExistsAsync(tag));
        saved.Position = 0;
        var loaded = await fx.Client.LoadImageAsync(saved);
        Assert.True(saved.CanRead); // the caller's stream is left open

        Assert.Contains($"Loaded image: {tag}", loaded);
        Assert.Equal(id, (await fx.Client.InspectImageAsync(tag)).Id);
    }

    [Fact]
    public async Task LoadImageAsync_NotATar_DockerApiException()
    {
        using var junk = new MemoryStream("this is not a tar"u8.ToArray());

        var e = await Assert.ThrowsAsync<DockerApiException>(() => fx.Client.LoadImageAsync(junk));

        Assert.StartsWith("load image: ", e.Message);
    }
}
