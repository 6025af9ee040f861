using System.Formats.Tar;
using System.Text;
using Hiy.Builds;

namespace Hiy.Tests.Builds;

public class SiteArchiveTests
{
    private static MemoryStream Tar(params TarEntry[] entries)
    {
        var ms = new MemoryStream();
        using (var w = new TarWriter(ms, TarEntryFormat.Pax, leaveOpen: true))
        {
            foreach (var e in entries)
                w.WriteEntry(e);
        }
        ms.Position = 0;
        return ms;
    }

    private static PaxTarEntry File(string name, string text) =>
        new(TarEntryType.RegularFile, name) { DataStream = new MemoryStream(Encoding.UTF8.GetBytes(text)) };

    [Fact]
    public async Task ExtractTarAsync_WithRoot_StripsTheTopFolder()
    {
        using var dir = new TempDir();
        var target = Path.Combine(dir.Path, "v1");

        var (files, bytes) = await SiteArchive.ExtractTarAsync(Tar(new PaxTarEntry(TarEntryType.Directory, "dist/"),
            File("dist/index.html", "hello"), File("dist/css/a.css", "b")), target, "dist", CancellationToken.None);

        Assert.Equal((2, 6L), (files, bytes));
        Assert.Equal("hello", await System.IO.File.ReadAllTextAsync(Path.Combine(target, "index.html")));
        Assert.True(System.IO.File.Exists(Path.Combine(target, "css", "a.css")));
    }

    [Theory]
    [InlineData("other/index.html")]
    [InlineData("dist/../../etc/passwd")]
    public async Task ExtractTarAsync_EntryOutsideRoot_RefusedAndNothingWritten(string name)
    {
        using var dir = new TempDir();
        var target = Path.Combine(dir.Path, "v1");

        await Assert.ThrowsAsync<SiteArchiveException>(() =>
            SiteArchive.ExtractTarAsync(Tar(File("dist/index.html", "ok"), File(name, "x")), target, "dist", CancellationToken.None));

        Assert.False(Directory.Exists(target));
        Assert.Empty(Directory.EnumerateFileSystemEntries(dir.Path));
    }

    [Fact]
    public async Task ExtractTarAsync_SymlinkLeadingOut_Refused()
    {
        using var dir = new TempDir();
        var link = new PaxTarEntry(TarEntryType.SymbolicLink, "dist/passwd") { LinkName = "/etc/passwd" };

        var e = await Assert.ThrowsAsync<SiteArchiveException>(() =>
            SiteArchive.ExtractTarAsync(Tar(File("dist/index.html", "ok"), link), Path.Combine(dir.Path, "v1"), "dist", CancellationToken.None));

        Assert.Contains("SymbolicLink", e.Message);
    }
}
