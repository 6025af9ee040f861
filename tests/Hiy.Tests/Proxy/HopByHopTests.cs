using Hiy.Proxy;

namespace Hiy.Tests.Proxy;

public class HopByHopTests
{
    [Theory]
    [InlineData("Connection", true)]
    [InlineData("keep-alive", true)]
    [InlineData("Transfer-Encoding", true)]
    [InlineData("Upgrade", true)]
    [InlineData("Proxy-Authorization", true)]
    [InlineData("TE", true)]
    [InlineData("Content-Type", false)]
    [InlineData("X-Request-Id", false)]
    public void IsHopByHop_Name_Matches(string name, bool expected) =>
        Assert.Equal(expected, HopByHop.IsHopByHop(name));

    [Fact]
    public void NamedIn_ConnectionHeader_ListsExtraNames()
    {
        var named = HopByHop.NamedIn("close, X-Secret ,Upgrade");
        Assert.NotNull(named);
        Assert.Contains("x-secret", named!);
        Assert.Single(named!);
        Assert.Null(HopByHop.NamedIn("keep-alive"));
    }

    [Theory]
    [InlineData("abc-DEF_123", true)]
    [InlineData("", false)]
    [InlineData("a/b", false)]
    [InlineData("a.b", false)]
    public void ChallengeToken_IsToken_Base64Url(string token, bool expected) =>
        Assert.Equal(expected, ChallengeResponder.IsToken(token));

    [Fact]
    public void ChallengeResponder_SetLookupRemove()
    {
        var responder = new ChallengeResponder();
        responder.Set("tok", "tok.thumb");
        Assert.Equal("tok.thumb", responder.Lookup("/.well-known/acme-challenge/tok"));
        Assert.Null(responder.Lookup("/.well-known/acme-challenge/other"));
        responder.Remove("tok");
        Assert.Null(responder.Lookup("/.well-known/acme-challenge/tok"));
    }
}
