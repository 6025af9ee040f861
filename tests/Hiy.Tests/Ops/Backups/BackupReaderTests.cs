using System.Formats.Tar;
using System.Text;
using Hiy.Ops.Backups;

namespace Hiy.Tests.Ops.Backups;

public class BackupReaderTests
{
    private static async Task<BackupCheck> UnpackAsync(BackupData data, byte[] archive, string? passphrase = null, string staging = "staging")
    {
        using var input = new MemoryStream(archive);
        return await BackupReader.UnpackAsync(input, data.Scratch(staging), passphrase, CancellationToken.None);
    }

    [Fact]
    public async Task UnpackAsync_WrittenBackup_PassesWithEveryFileAndTheLiveLink()
    {
        using var data = new BackupData();
        data.Seed();
        var check = await UnpackAsync(data, await data.BackupAsync());
        Assert.True(check.Ok, $"{check.Entry}: {check.Detail}");
        var staging = data.Scratch("staging");
        Assert.Equal("<h1>notes v1</h1>", File.ReadAllText(Path.Combine(staging, "sites", "notes", "live", "index.html")));
        Assert.Equal("versions/v1", new FileInfo(Path.Combine(staging, "sites", "notes", "live")).LinkTarget);
        Assert.Equal((UnixFileMode)0x1ED, File.GetUnixFileMode(Path.Combine(staging, "git", "blog.git", "hooks", "pre-receive")));
        Assert.Equal(File.ReadAllBytes(data.Paths.MasterKey), File.ReadAllBytes(Path.Combine(staging, "master.key")));
        Assert.Contains(check.Manifest!.Files, f => f is { Path: "hiy.db", Type: "file", Sha256.Length: 64 });
        Assert.Equal(HiyDatabaseVersion(), check.Manifest.SchemaVersion);
    }

    private static byte[] WithSha(byte[] manifest, string path, string sha)
    {
        var node = System.Text.Json.Nodes.JsonNode.Parse(manifest)!;
        foreach (var f in node["files"]!.AsArray())
        {
            if ((string?)f!["path"] == path)
                f["sha256"] = sha;
        }
        return Encoding.UTF8.GetBytes(node.ToJsonString());
    }

    private static int HiyDatabaseVersion() => Hiy.Store.HiyDatabase.Migrations().Max(m => m.Version);

    [Fact]
    public async Task UnpackAsync_TamperedSiteFile_RefusedNamingTheEntry()
    {
        using var data = new BackupData();
        data.Seed();
        var tampered = BackupData.Rewrite(await data.BackupAsync(), e => e.Name == "sites/notes/versions/v1/index.html"
            ? e with { Data = Encoding.UTF8.GetBytes("<h1>NOTES v1</h1>") } : e);
        var check = await UnpackAsync(data, tampered);
        Assert.False(check.Ok);
        Assert.Equal("sites/notes/versions/v1/index.html", check.Entry);
        Assert.Contains("checksum", check.Detail);
    }

    [Fact]
    public async Task UnpackAsync_TruncatedArchive_Refused()
    {
        using var data = new BackupData();
        data.Seed();
        var archive = await data.BackupAsync();
        var check = await UnpackAsync(data, archive[..(archive.Length / 2)]);
        Assert.False(check.Ok);
        Assert.NotNull(check.Entry);
        Assert.Matches("truncated|missing", check.Detail);
    }

    [Fact]
    public async Task UnpackAsync_DroppedFile_RefusedAsMissing()
    {
        using var data = new BackupData();
        data.Seed();
        var check = await UnpackAsync(data, BackupData.Rewrite(await data.BackupAsync(), e => e.Name == "git/blog.git/HEAD" ? null : e));
        Assert.Equal(("git/blog.git/HEAD", false), (check.Entry, check.Ok));
        Assert.StartsWith("missing", check.Detail);
    }

    [Theory]
    [InlineData("../escape.txt")]
    [InlineData("/etc/passwd")]
    [InlineData("sites/../../escape.txt")]
    [InlineData("builds/x")]
    public async Task UnpackAsync_EntryOutsideTheBackup_RefusedAndNothingWrittenOutside(string name)
    {
        using var data = new BackupData();
        data.Seed();
        var archive = BackupData.Rewrite(await data.BackupAsync(), e => e,
            new BackupData.Entry(name, TarEntryType.RegularFile, null, "x"u8.ToArray()));
        var check = await UnpackAsync(data, archive, staging: "deep/staging");
        Assert.False(check.Ok);
        Assert.Equal(name.TrimEnd('/'), check.Entry);
        Assert.False(File.Exists(data.Scratch("deep/escape.txt")));
        Assert.False(File.Exists(data.Scratch("escape.txt")));
    }

    [Fact]
    public async Task UnpackAsync_LinkLeavingItsTree_Refused()
    {
        using var data = new BackupData();
        data.Seed();
        var archive = BackupData.Rewrite(await data.BackupAsync(), e => e,
            new BackupData.Entry("sites/notes/out", TarEntryType.SymbolicLink, "../../master.key", null));
        var check = await UnpackAsync(data, archive);
        Assert.Equal(("sites/notes/out", false), (check.Entry, check.Ok));
    }

    [Fact]
    public async Task UnpackAsync_ExtraEntryNotInManifest_Refused()
    {
        using var data = new BackupData();
        data.Seed();
        var archive = BackupData.Rewrite(await data.BackupAsync(), e => e,
            new BackupData.Entry("sites/notes/versions/v1/extra.js", TarEntryType.RegularFile, null, "alert(1)"u8.ToArray()));
        var check = await UnpackAsync(data, archive);
        Assert.Equal(("sites/notes/versions/v1/extra.js", false), (check.Entry, check.Ok));
        Assert.Contains("not in its manifest", check.Detail);
    }

    [Fact]
    public async Task UnpackAsync_KeyOfAnotherMachine_RefusedNamingTheKey()
    {
        using var data = new BackupData();
        data.Seed();
        var otherKey = System.Security.Cryptography.RandomNumberGenerator.GetBytes(32);
        var sha = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(otherKey));
        // The key and its manifest line both replaced, so the checksums agree and only the key check can tell.
        var archive = BackupData.Rewrite(await data.BackupAsync(), e => e.Name switch
        {
            "master.key" => e with { Data = otherKey },
            "manifest.json" => e with { Data = WithSha(e.Data!, "master.key", sha) },
            _ => e,
        });
        var check = await UnpackAsync(data, archive);
        Assert.Equal(("master.key", false), (check.Entry, check.Ok));
        Assert.Contains("does not open", check.Detail);
    }

    [Fact]
    public async Task UnpackAsync_WrappedKey_NeedsTheRightPassphrase()
    {
        using var data = new BackupData();
        data.Seed();
        var archive = await data.BackupAsync("a long passphrase");
        Assert.Equal("passphrase", (await UnpackAsync(data, archive, null, "s1")).Entry);
        Assert.Equal("passphrase", (await UnpackAsync(data, archive, "the wrong passphrase", "s2")).Entry);
        var ok = await UnpackAsync(data, archive, "a long passphrase", "s3");
        Assert.True(ok.Ok, ok.Detail);
        Assert.True(ok.Manifest!.KeyWrapped);
        Assert.Equal(File.ReadAllBytes(data.Paths.MasterKey), File.ReadAllBytes(data.Scratch("s3/master.key")));
        Assert.False(File.Exists(data.Scratch("s3/master.key.wrapped")));
    }
}
