using Hiy.Store;
using Hiy.Web.Auth;
using Microsoft.AspNetCore.Http;

namespace Hiy.Tests.Web.Auth;

public class DashboardSessionsTests
{
    private static DashboardSessions Sessions(byte[] key) =>
        new(new AuthRepository(null!, TimeProvider.System), key, TimeProvider.System); // CSRF needs no database

    [Theory]
    [InlineData("https", true)]
    [InlineData("http", false)]
    public void WriteCookie_SecureOnlyOverHttps_AlwaysHttpOnlyStrictRootPath(string scheme, bool secure)
    {
        var ctx = new DefaultHttpContext();
        ctx.Request.Scheme = scheme;
        DashboardSessions.WriteCookie(ctx, "hiy_abc", DateTimeOffset.UnixEpoch.AddDays(1));
        var attributes = ctx.Response.Headers.SetCookie.ToString().Split(';').Select(a => a.Trim().ToLowerInvariant()).ToArray();
        Assert.Equal(DashboardSessions.CookieName + "=hiy_abc", attributes[0]);
        Assert.Contains("httponly", attributes);
        Assert.Contains("samesite=strict", attributes);
        Assert.Contains("path=/", attributes);
        Assert.Equal(secure, attributes.Contains("secure"));
    }

    [Fact]
    public void Csrf_SameTokenAndKey_MatchesElseNot()
    {
        var key = new byte[32];
        key[0] = 1;
        var sessions = Sessions(key);
        var csrf = sessions.CsrfFor("hiy_session-one");
        Assert.Equal(csrf, sessions.CsrfFor("hiy_session-one"));
        Assert.True(sessions.CsrfMatches("hiy_session-one", csrf));
        Assert.False(sessions.CsrfMatches("hiy_session-two", csrf));
        Assert.False(sessions.CsrfMatches("hiy_session-one", null));
        Assert.False(sessions.CsrfMatches("hiy_session-one", ""));
        Assert.False(sessions.CsrfMatches("hiy_session-one", csrf + "x"));
        // another appliance (another master key) derives another token for the same session value
        Assert.NotEqual(csrf, Sessions(new byte[32]).CsrfFor("hiy_session-one"));
        Assert.DoesNotContain("hiy_session-one", csrf);
    }

    [Theory]
    [InlineData("GET", false)]
    [InlineData("HEAD", false)]
    [InlineData("OPTIONS", false)]
    [InlineData("POST", true)]
    [InlineData("PUT", true)]
    [InlineData("PATCH", true)]
    [InlineData("DELETE", true)]
    [InlineData("PROPFIND", true)]
    public void IsUnsafe_EverythingButReads(string method, bool unsafeMethod) =>
        Assert.Equal(unsafeMethod, DashboardSessions.IsUnsafe(method));

    [Theory]
    [InlineData("hiy_session=hiy_abc", "hiy_abc")]
    [InlineData("hiy_session=abc", null)]
    [InlineData("other=hiy_abc", null)]
    public void FromCookie_OnlyATokenShapedValue(string cookie, string? expected)
    {
        var ctx = new DefaultHttpContext();
        ctx.Request.Headers.Cookie = cookie;
        Assert.Equal(expected, DashboardSessions.FromCookie(ctx.Request));
    }
}
