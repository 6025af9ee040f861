using System.Net;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using Hiy.Web.Dashboard;

namespace Hiy.Tests.Web.Dashboard;

public partial class DashboardEndpointsTests
{
    [Fact]
    public async Task Root_ServesTheSignInPageWithStrictHeaders()
    {
        await using var h = await ApiHost.StartAsync();
        var r = await h.Client.GetAsync("/");
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        Assert.Equal("text/html", r.Content.Headers.ContentType?.MediaType);
        var csp = string.Join(";", r.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("default-src 'self'", csp);
        Assert.Contains("script-src 'self'", csp);
        Assert.DoesNotContain("unsafe-inline", csp);
        Assert.Contains("frame-ancestors 'none'", csp);
        Assert.Equal("DENY", Assert.Single(r.Headers.GetValues("X-Frame-Options")));
        Assert.Equal("nosniff", Assert.Single(r.Headers.GetValues("X-Content-Type-Options")));
        Assert.True(r.Headers.CacheControl?.NoCache);
        var html = await r.Content.ReadAsStringAsync();
        Assert.Contains("id=\"sign-in-form\"", html);
        Assert.Contains("id=\"view-setup\"", html);
    }

    [Fact]
    public async Task Page_NoInlineScriptOrStyle_EveryReferencedFileServedWithItsType()
    {
        await using var h = await ApiHost.StartAsync();
        var html = await h.Client.GetStringAsync("/");
        foreach (Match script in ScriptTag().Matches(html))
            Assert.Matches("src=\"/[a-z]+\\.js\"", script.Value); // an inline script would be blocked by the CSP anyway
        Assert.DoesNotContain("<style", html);
        Assert.DoesNotContain(" style=", html);
        Assert.DoesNotContain("onclick", html, StringComparison.OrdinalIgnoreCase);

        var referenced = LocalReference().Matches(html).Select(m => m.Groups[1].Value).ToList();
        // Modules import modules (app.js → routes.js → each page): follow every import, not only the first level.
        for (var i = 0; i < referenced.Count; i++)
        {
            if (!referenced[i].EndsWith(".js", StringComparison.Ordinal))
                continue;
            foreach (var import in ModuleImport().Matches(await h.Client.GetStringAsync(referenced[i])).Select(m => "/" + m.Groups[1].Value))
                if (!referenced.Contains(import))
                    referenced.Add(import);
        }
        Assert.Contains("/app.js", referenced);
        Assert.Contains("/system.js", referenced);
        Assert.Contains("/api.js", referenced);
        foreach (var path in referenced.Distinct())
        {
            var r = await h.Client.GetAsync(path);
            Assert.True(r.StatusCode == HttpStatusCode.OK, $"{path}: {r.StatusCode}");
            Assert.Equal(DashboardAssets.ContentTypeOf(path), r.Content.Headers.ContentType?.ToString());
            Assert.True(r.Headers.Contains("Content-Security-Policy"), path);
        }
    }

    [Fact]
    public async Task Asset_SameETag_304WithoutBody()
    {
        await using var h = await ApiHost.StartAsync();
        var first = await h.Client.GetAsync("/app.js");
        var etag = first.Headers.ETag;
        Assert.NotNull(etag);
        using var again = new HttpRequestMessage(HttpMethod.Get, "/app.js");
        again.Headers.IfNoneMatch.Add(etag);
        var r = await h.Client.SendAsync(again);
        Assert.Equal(HttpStatusCode.NotModified, r.StatusCode);
        Assert.Empty(await r.Content.ReadAsByteArrayAsync());
        using var stale = new HttpRequestMessage(HttpMethod.Get, "/app.js");
        stale.Headers.IfNoneMatch.Add(new EntityTagHeaderValue("\"0000\""));
        Assert.Equal(HttpStatusCode.OK, (await h.Client.SendAsync(stale)).StatusCode);
    }

    [Fact]
    public async Task AppHost_GetsTheProxyNotTheDashboard()
    {
        await using var h = await ApiHost.StartAsync();
        await h.SetupAsync(domain: "example.com");
        using var request = new HttpRequestMessage(HttpMethod.Get, "/");
        request.Headers.Host = "blog.example.com";
        var r = await h.Client.SendAsync(request);
        // The proxy's own error page, with its own policy (one hashed style, no script), not the dashboard's.
        Assert.Equal(Hiy.Proxy.ErrorPages.ContentSecurityPolicy, string.Join(", ", r.Headers.GetValues("Content-Security-Policy")));
        Assert.DoesNotContain("sign-in-form", await r.Content.ReadAsStringAsync());
        using var own = new HttpRequestMessage(HttpMethod.Get, "/");
        own.Headers.Host = "hiy.local";
        Assert.Contains("sign-in-form", await (await h.Client.SendAsync(own)).Content.ReadAsStringAsync());
    }

    [Fact]
    public void ContentTypeOf_UnknownExtension_Refused() =>
        Assert.Throws<InvalidOperationException>(() => DashboardAssets.ContentTypeOf("notes.txt"));

    [GeneratedRegex("<script[^>]*>")]
    private static partial Regex ScriptTag();

    [GeneratedRegex("(?:src|href)=\"(/[a-z.]+)\"")]
    private static partial Regex LocalReference();

    [GeneratedRegex("from '\\./([a-z-]+\\.js)'")]
    private static partial Regex ModuleImport();
}
