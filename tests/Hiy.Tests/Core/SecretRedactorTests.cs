using Hiy.Core;

namespace Hiy.Tests.Core;

public class SecretRedactorTests
{
    [Fact]
    public void Redact_KnownSecrets_AreMasked()
    {
        var r = new SecretRedactor(["hunter22", "postgres://u:pw@db/x", "on"]);
        Assert.Equal("connect [redacted] as [redacted] on", r.Redact("connect postgres://u:pw@db/x as hunter22 on"));
    }

    [Fact]
    public void Redact_OverlappingSecrets_LongestWins() =>
        Assert.Equal("[redacted]", new SecretRedactor(["abcd", "abcdefgh"]).Redact("abcdefgh"));

    [Fact]
    public void Redact_NoSecrets_LeavesText() => Assert.Equal("plain", SecretRedactor.None.Redact("plain"));
}
