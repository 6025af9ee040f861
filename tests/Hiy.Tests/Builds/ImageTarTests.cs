using System.Formats.Tar;
using System.Text;
using Hiy.Builds;
using Hiy.Docker;

namespace Hiy.Tests.Builds;

public class ImageTarTests
{
    private static MemoryStream Tar(params (string Name, string Content)[] files)
    {
        var ms = new MemoryStream();
        using (var w = new TarWriter(ms, TarEntryFormat.Pax, leaveOpen: true))
        {
            foreach (var (name, content) in files)
                w.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, name) { DataStream = new MemoryStream(Encoding.UTF8.GetBytes(content)) });
        }
        ms.Position = 0;
        return ms;
    }

    [Fact]
    public void Read_DockerSaveWithAllThreeFiles_CollectsEveryTag()
    {
        using var tar = Tar(
            ("blobs/sha256/aa", "layer"),
            ("index.json", """{"manifests":[{"annotations":{"io.containerd.image.name":"docker.io/hiy/blog:v2","org.opencontainers.image.ref.name":"v2"}}]}"""),
            ("manifest.json", """[{"Config":"x","RepoTags":["hiy/blog:v2"],"Layers":[]}]"""),
            ("repositories", """{"hiy/blog":{"v2":"abc"}}"""));
        var image = ImageTar.Read(tar);
        Assert.True(image.IsImageArchive);
        Assert.Equal(["docker.io/hiy/blog:v2", "hiy/blog:v2"], image.Tags.Order(StringComparer.Ordinal));
        Assert.Empty(image.ForeignTags("hiy/blog"));
    }

    [Fact]
    public void ForeignTags_OtherAppsAndBaseImages_Named()
    {
        using var tar = Tar(("manifest.json", """[{"RepoTags":["hiy/shop:1","busybox:latest","hiy/blog:3"]}]"""));
        Assert.Equal(["hiy/shop:1", "busybox:latest"], ImageTar.Read(tar).ForeignTags("hiy/blog"));
    }

    [Fact]
    public void Read_UntaggedSave_ImageWithNoTags()
    {
        using var tar = Tar(("manifest.json", """[{"Config":"x","RepoTags":null,"Layers":[]}]"""));
        var image = ImageTar.Read(tar);
        Assert.True(image.IsImageArchive);
        Assert.Empty(image.Tags);
    }

    [Fact]
    public void Read_AnyOtherTar_NotAnImage() => Assert.False(ImageTar.Read(Tar(("index.html", "<h1>hi</h1>"))).IsImageArchive);

    [Theory]
    [InlineData("busybox", "busybox")]
    [InlineData("busybox:1.36", "busybox")]
    [InlineData("docker.io/library/busybox:latest", "busybox")]
    [InlineData("hiy/blog:upload-1", "hiy/blog")]
    [InlineData("localhost:5000/hiy/blog:1", "localhost:5000/hiy/blog")]
    [InlineData("hiy/blog@sha256:abcd", "hiy/blog")]
    public void Repository_Normalised(string reference, string repository) => Assert.Equal(repository, ImageTar.Repository(reference));

    [Fact]
    public void ImageLoadOutput_ProgressLinesAreNotImages() =>
        Assert.Equal(["hiy/blog:v2", "sha256:feed"], ImageLoadOutput.Images(
            ["Loading layer  1.2MB/1.2MB", "Loaded image ID: sha256:feed", "Loaded image: hiy/blog:v2", ""]));
}
