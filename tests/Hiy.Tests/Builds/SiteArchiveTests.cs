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

    public static TheoryData<string, string[], string> HostileTrees => new()
    {
        // issue 13 item 4: each of these was an unhandled IOException/PathTooLong (a 500) on a site upload
        { "file then folder", ["a", "a/b"], "needs the folder 'a'" },
        { "folder then file", ["a/", "a"], "is a file where an earlier entry made a folder" },
        { "300-character name", [new string('n', 300)], "longer than 255 bytes" },
        { "2,100-deep path", [string.Join('/', Enumerable.Repeat("d", 2100)) + "/f"], "nested too deep" },
    };

    [Theory]
    [MemberData(nameof(HostileTrees))]
    public async Task ExtractTarAsync_HostileTree_RefusedNamingTheEntryAndNothingWritten(string what, string[] names, string mention)
    {
        using var dir = new TempDir();
        var target = Path.Combine(dir.Path, "v1");
        var entries = names.Select(n => n.EndsWith('/') ? new PaxTarEntry(TarEntryType.Directory, n) : (TarEntry)File(n, "x")).ToArray();

        var e = await Assert.ThrowsAsync<SiteArchiveException>(() => SiteArchive.ExtractTarAsync(Tar(entries), target, null, CancellationToken.None));

        Assert.True(e.Message.Contains(mention, StringComparison.Ordinal), $"{what}: {e.Message}");
        Assert.True(e.Message.Length < 400, $"{what}: the message echoes the whole name ({e.Message.Length} characters)");
        Assert.Empty(Directory.EnumerateFileSystemEntries(dir.Path));
    }
}
