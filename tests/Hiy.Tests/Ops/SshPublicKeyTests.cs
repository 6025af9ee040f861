using Hiy.Ops;

namespace Hiy.Tests.Ops;

public class SshPublicKeyTests
{
    // generated with ssh-keygen -t ed25519 -C ana@laptop; `ssh-keygen -lf` prints the fingerprint below
    private const string Ed25519 = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIFaHU8X6+g1NStJJJRMFEkIchvOI7rdHTl0NzqA/sC6m ana@laptop";

    [Fact]
    public void Parse_OpenSshLine_TypeCommentAndSshKeygenFingerprint()
    {
        var (key, error) = SshPublicKey.Parse("  " + Ed25519 + "  ");
        Assert.Null(error);
        Assert.Equal("ssh-ed25519", key!.Type);
        Assert.Equal("ana@laptop", key.Comment);
        Assert.Equal("SHA256:uXPjJFlM6AS8PZBE2icGjz4L+4vauaGefJY05RpEwhw", key.Fingerprint);
        Assert.Equal(Ed25519, key.Line);
    }

    [Fact]
    public void Parse_NoComment_LineWithoutComment()
    {
        var (key, _) = SshPublicKey.Parse(string.Join(' ', Ed25519.Split(' ')[..2]));
        Assert.Null(key!.Comment);
        Assert.Equal(string.Join(' ', Ed25519.Split(' ')[..2]), key.Line);
    }

    [Theory]
    [InlineData("", "one non-empty line")]
    [InlineData("ssh-ed25519", "expected '<type> <base64> [comment]'")]
    [InlineData("command=\"rm -rf /\" ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIFaHU8X6+g1NStJJJRMFEkIchvOI7rdHTl0NzqA/sC6m", "options before the type")]
    [InlineData("ssh-ed25519 not*base64", "not base64")]
    [InlineData("ssh-rsa AAAAC3NzaC1lZDI1NTE5AAAAIFaHU8X6+g1NStJJJRMFEkIchvOI7rdHTl0NzqA/sC6m", "not a ssh-rsa key")]
    [InlineData("ssh-ed25519 AAAA", "not a ssh-ed25519 key")]
    [InlineData("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIFaHU8X6+g1NStJJJRMFEkIchvOI7rdHTl0NzqA/sC6m a\nssh-rsa AAAA b", "one non-empty line")]
    public void Parse_NotAKey_ErrorSaysWhy(string line, string expected)
    {
        var (key, error) = SshPublicKey.Parse(line);
        Assert.Null(key);
        Assert.Contains(expected, error);
    }

    [Fact]
    public void Validate_SomeBad_EveryBadLineNamedByIndex()
    {
        var (keys, errors) = SshAccess.Validate([Ed25519, "nope", Ed25519, "ssh-ed25519 AAAA"]);
        Assert.Equal(2, keys.Count);
        Assert.Equal(["authorized_keys[1]", "authorized_keys[3]"], errors.Keys.Order().ToArray());
    }
}
