using System.Collections.Frozen;
using Hiy.Proxy;

namespace Hiy.Tests.Proxy;

public class StaticPathResolverTests
{
    private static readonly SiteRoute Site = new("docs", "/srv/docs/v2",
        new Dictionary<string, string> { ["1"] = "/srv/docs/v1", ["2"] = "/srv/docs/v2" }.ToFrozenDictionary());

    [Theory]
    [InlineData("/", "/srv/docs/v2")]
    [InlineData("/index.html", "/srv/docs/v2/index.html")]
    [InlineData("/css/site.css", "/srv/docs/v2/css/site.css")]
    [InlineData("/a%20b.txt", "/srv/docs/v2/a b.txt")]
    [InlineData("/v/1/", "/srv/docs/v1")]
    [InlineData("/v/1/img/x.png", "/srv/docs/v1/img/x.png")]
    [InlineData("/a//b", "/srv/docs/v2/a/b")]
    public void Resolve_Path_UnderRoot(string raw, string expected)
    {
        var result = StaticPathResolver.Resolve(Site, raw);
        Assert.Equal(StaticPathKind.Candidate, result.Kind);
        Assert.Equal(expected, result.FullPath);
    }

    [Theory]
    [InlineData("/../etc/passwd")]
    [InlineData("/css/../../etc/passwd")]
    [InlineData("/%2e%2e/etc/passwd")]
    [InlineData("/%2E%2E/etc/passwd")]
    [InlineData("/.%2e/etc/passwd")]
    [InlineData("/..%2fetc%2fpasswd")]
    [InlineData("/..%2Fetc/passwd")]
    [InlineData("/..%5cetc")]
    [InlineData("/..\\etc\\passwd")]
    [InlineData("/a\\b")]
    [InlineData("/file%00.html")]
    [InlineData("/%252e%252e/etc/passwd")]
    [InlineData("/v/1/../../v1/secret")]
    [InlineData("/v/3/index.html")]
    [InlineData("/v//index.html")]
    [InlineData("/v/../etc")]
    [InlineData("relative")]
    [InlineData("/%2e%2e%2f%2e%2e%2fetc%2fpasswd")]
    public void Resolve_EscapeAttempt_NotFound(string raw) =>
        Assert.Equal(StaticPathKind.NotFound, StaticPathResolver.Resolve(Site, raw).Kind);

    [Fact]
    public void Resolve_VersionWithoutSlash_Redirects()
    {
        var result = StaticPathResolver.Resolve(Site, "/v/1");
        Assert.Equal(StaticPathKind.Redirect, result.Kind);
        Assert.Equal("/v/1/", result.RedirectTo);
    }

    [Fact]
    public void Resolve_NoActiveVersion_NotFound()
    {
        var site = Site with { ActiveDir = null };
        Assert.Equal(StaticPathKind.NotFound, StaticPathResolver.Resolve(site, "/").Kind);
        Assert.Equal(StaticPathKind.Candidate, StaticPathResolver.Resolve(site, "/v/2/").Kind);
    }
}
