using System.Security.Cryptography;
using System.Text;
using Hiy.Secrets;

namespace Hiy.Tests.Secrets;

public class SecretBoxTests
{
    private static SecretBox NewBox() => new(RandomNumberGenerator.GetBytes(32));

    [Fact]
    public void DeriveKey_StablePerPurpose_NeverTheMasterKey()
    {
        var master = RandomNumberGenerator.GetBytes(32);
        var box = new SecretBox(master);
        var csrf = box.DeriveKey("csrf");
        Assert.Equal(32, csrf.Length);
        Assert.Equal(csrf, new SecretBox(master).DeriveKey("csrf")); // survives a restart: same master key, same key
        Assert.NotEqual(csrf, box.DeriveKey("other"));
        Assert.NotEqual(csrf, NewBox().DeriveKey("csrf"));
        Assert.NotEqual(master, csrf);
    }

    [Fact]
    public void Seal_ThenOpen_RoundTrips()
    {
        var box = NewBox();
        var blob = box.Seal("s3cret-value", "env:blog:KEY");
        Assert.Equal("s3cret-value", box.OpenString(blob, "env:blog:KEY"));
        Assert.DoesNotContain("s3cret", Encoding.UTF8.GetString(blob));
    }

    [Fact]
    public void Seal_SameValueTwice_GivesDifferentBlobs()
    {
        var box = NewBox();
        Assert.NotEqual(box.Seal("v", "p"), box.Seal("v", "p"));
    }

    [Fact]
    public void Open_TamperedByte_Throws()
    {
        var box = NewBox();
        var blob = box.Seal("value", "p");
        blob[^1] ^= 1;
        Assert.Throws<SecretException>(() => box.Open(blob, "p"));
    }

    [Fact]
    public void Open_OtherPurpose_Throws()
    {
        var box = NewBox();
        var blob = box.Seal("value", "env:blog:A");
        var e = Assert.Throws<SecretException>(() => box.Open(blob, "env:blog:B"));
        Assert.Contains("env:blog:B", e.Message);
    }

    [Fact]
    public void Open_WrongKey_Throws()
    {
        var blob = NewBox().Seal("value", "p");
        Assert.Throws<SecretException>(() => NewBox().Open(blob, "p"));
    }

    [Fact]
    public void Open_Truncated_Throws() =>
        Assert.Throws<SecretException>(() => NewBox().Open(new byte[5], "p"));

    [Fact]
    public void MasterKey_LoadOrCreate_PersistsWithOwnerOnlyMode()
    {
        using var dir = new TempDir();
        var path = dir.File("master.key");
        var first = MasterKey.LoadOrCreate(path);
        Assert.Equal(first, MasterKey.LoadOrCreate(path));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
    }

    [Fact]
    public void MasterKey_WrongLength_ThrowsNamingFile()
    {
        using var dir = new TempDir();
        File.WriteAllBytes(dir.File("master.key"), new byte[7]);
        var e = Assert.Throws<SecretException>(() => MasterKey.LoadOrCreate(dir.File("master.key")));
        Assert.Contains("master.key", e.Message);
    }
}
