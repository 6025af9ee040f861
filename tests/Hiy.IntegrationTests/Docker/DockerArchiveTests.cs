using System.Formats.Tar;
using Hiy.Docker;
using Hiy.Docker.Models;

namespace Hiy.Tests.Docker;

[Collection(DockerCollection.Name)]
public class DockerArchiveTests(DockerFixture fx)
{
    [Fact]
    public async Task CopyFromContainerAsync_CreatedContainer_ReturnsTarOfTheDirectory()
    {
        await using var scope = fx.NewScope();
        var tag = scope.Image($"hiy-test-archive-{fx.Run}:v1");
        using (var context = TarContext.Dockerfile("FROM hiy-test/busybox\nRUN mkdir -p /app/dist/css && echo page > /app/dist/index.html && echo body > /app/dist/css/site.css\n"))
            await fx.Client.BuildImageAsync(context, new ImageBuildOptions { Tags = [tag], Labels = fx.Labels() });
        var id = scope.Container(await fx.Client.CreateContainerAsync(fx.Unique("hiy-test-archive"),
            new ContainerCreateRequest { Image = tag, Labels = fx.Labels() }));

        var files = await fx.Client.CopyFromContainerAsync(id, "/app/dist", async (stream, ct) =>
        {
            var found = new Dictionary<string, string>();
            using var reader = new TarReader(stream);
            while (await reader.GetNextEntryAsync(copyData: false, ct) is { } entry)
            {
                if (entry.EntryType is TarEntryType.RegularFile or TarEntryType.V7RegularFile)
                    found[entry.Name] = (await new StreamReader(entry.DataStream!).ReadToEndAsync(ct)).Trim();
            }
            return found;
        });

        Assert.Equal("page", files["dist/index.html"]);
        Assert.Equal("body", files["dist/css/site.css"]);
        var missing = await Assert.ThrowsAsync<DockerApiException>(() => fx.Client.CopyFromContainerAsync(id, "/app/nope", (_, _) => Task.FromResult(0)));
        Assert.True(missing.IsNotFound);
    }

    [Fact]
    public async Task GetDiskUsageAsync_ListsImagesWithSizesAndLabels()
    {
        var appImage = await fx.AppImageAsync();

        var df = await fx.Client.GetDiskUsageAsync();

        Assert.True(df.LayersSize > 0);
        var mine = Assert.Single(df.Images!, i => i.Id == appImage);
        Assert.Equal(fx.Run, mine.Labels!["hiy.test.run"]);
        Assert.True(mine.Size > 0);
        Assert.InRange(mine.SharedSize, -1, mine.Size);
    }
}
