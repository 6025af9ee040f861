using Hiy.Acme;

namespace Hiy.Tests.Acme;

public sealed class KeyAuthorizationTests
{
    private const string Token = "evaGxfADs6pSRb2LAv9IZf17Dt3juxGJ-PCt92wr-oA";
    private const string Rfc7638Thumbprint = "NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs";

    [Fact]
    public void Compute_TokenAndThumbprint_JoinedWithADot()
    {
        Assert.Equal(Token + "." + Rfc7638Thumbprint, KeyAuthorization.Compute(Token, Rfc7638Thumbprint));
    }

    [Fact]
    public void Dns01TxtValue_KeyAuthorization_IsBase64UrlSha256()
    {
        // Expected value computed independently (Python hashlib + urlsafe_b64encode, padding stripped).
        Assert.Equal("ZTRx1Ckl1-tM05o5zaizTTA0yUy5AGereMgSNWC6Ll8",
            KeyAuthorization.Dns01TxtValue(KeyAuthorization.Compute(Token, Rfc7638Thumbprint)));
    }

    [Theory]
    [InlineData("example.test", "_acme-challenge.example.test")]
    [InlineData("*.example.test", "_acme-challenge.example.test")]
    [InlineData("www.example.test.", "_acme-challenge.www.example.test")]
    public void Dns01RecordName_Domain_IsUnderAcmeChallenge(string domain, string expected)
    {
        Assert.Equal(expected, KeyAuthorization.Dns01RecordName(domain));
    }

    [Fact]
    public void Http01Path_Token_IsWellKnownPath()
    {
        Assert.Equal("/.well-known/acme-challenge/" + Token, KeyAuthorization.Http01Path(Token));
    }

    [Fact]
    public void Http01ChallengeStore_KnownAndUnknownPaths_AnswerOnlyKnownTokens()
    {
        var store = new Http01ChallengeStore();
        store.Add(Token, "ka");

        Assert.True(store.TryGetResponse("/.well-known/acme-challenge/" + Token, out var ka));
        Assert.Equal("ka", ka);
        Assert.False(store.TryGetResponse("/.well-known/acme-challenge/other", out _));
        Assert.False(store.TryGetResponse("/" + Token, out _));
        store.Remove(Token);
        Assert.False(store.TryGetResponse("/.well-known/acme-challenge/" + Token, out _));
    }
}
