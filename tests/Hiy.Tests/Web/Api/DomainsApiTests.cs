using System.Net;
using System.Text.Json;

namespace Hiy.Tests.Web.Api;

/// <summary>/api/v1/apps/{app}/domains against a real in-process hiy (Kestrel, SQLite); no CA is involved.</summary>
public class DomainsApiTests
{
    private static async Task<Web.ApiHost> StartWithAppsAsync(params string[] apps)
    {
        var h = await Web.ApiHost.StartAsync();
        await h.SetupAsync(domain: "hiy.example.com");
        foreach (var app in apps)
            Assert.Equal(HttpStatusCode.Created, (await h.Client.PostAsync("/api/v1/apps", Web.ApiHost.Json($$"""{"name":"{{app}}"}"""))).StatusCode);
        return h;
    }

    private static Task<HttpResponseMessage> AddAsync(Web.ApiHost h, string app, string json) =>
        h.Client.PostAsync($"/api/v1/apps/{app}/domains", Web.ApiHost.Json(json));

    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"expected {status}, got {response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement;
    }

    [Fact]
    public async Task Domains_AddGetListDelete_RoundTripWithPendingCertificate()
    {
        await using var h = await StartWithAppsAsync("blog");

        var created = await AddAsync(h, "blog", """{"domain":"WWW.Example.ORG."}""");
        var view = await JsonAsync(created, HttpStatusCode.Created);
        Assert.Equal("/api/v1/apps/blog/domains/www.example.org", created.Headers.Location?.OriginalString);
        Assert.Equal("www.example.org", view.GetProperty("domain").GetString());
        Assert.Equal("blog", view.GetProperty("app").GetString());
        // No ACME e-mail in this setup: nothing can be ordered, so it stays pending and the list says why.
        Assert.Equal("pending", view.GetProperty("status").GetString());
        Assert.Equal("https://www.example.org", view.GetProperty("url").GetString());
        Assert.False(view.TryGetProperty("not_after", out _));
        Assert.False(view.TryGetProperty("error", out _));

        // Adding it again is harmless: 200 with the same domain.
        Assert.Equal("www.example.org", (await JsonAsync(await AddAsync(h, "blog", """{"domain":"www.example.org"}"""), HttpStatusCode.OK))
            .GetProperty("domain").GetString());

        var list = await JsonAsync(await h.Client.GetAsync("/api/v1/apps/blog/domains"), HttpStatusCode.OK);
        Assert.Equal(["www.example.org"], list.GetProperty("domains").EnumerateArray().Select(d => d.GetProperty("domain").GetString()));
        Assert.Equal("no ACME e-mail", list.GetProperty("acme_disabled_reason").GetString());

        // The path segment goes through the same gate: any case finds it.
        Assert.Equal("www.example.org", (await JsonAsync(await h.Client.GetAsync("/api/v1/apps/blog/domains/WWW.example.org"), HttpStatusCode.OK))
            .GetProperty("domain").GetString());

        Assert.Equal(HttpStatusCode.NoContent, (await h.Client.DeleteAsync("/api/v1/apps/blog/domains/www.example.org")).StatusCode);
        Assert.Empty((await JsonAsync(await h.Client.GetAsync("/api/v1/apps/blog/domains"), HttpStatusCode.OK)).GetProperty("domains").EnumerateArray());
        await Web.ApiHost.ProblemAsync(await h.Client.DeleteAsync("/api/v1/apps/blog/domains/www.example.org"), 404);
    }

    [Fact]
    public async Task Domains_AddedDomain_IsRoutedToTheAppByHostAndRemovedWithIt()
    {
        await using var h = await StartWithAppsAsync("blog");
        await JsonAsync(await AddAsync(h, "blog", """{"domain":"www.example.org"}"""), HttpStatusCode.Created);

        // Docker is unreachable here, so the app has no container: the proxy answers its "deploying" page,
        // which proves the host is the app's (an unknown host gets the control side or "no such app").
        using var request = new HttpRequestMessage(HttpMethod.Get, "/");
        request.Headers.Host = "www.example.org";
        using var routed = await h.Client.SendAsync(request);
        var page = await routed.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.ServiceUnavailable, routed.StatusCode);
        Assert.Contains("blog", page, StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.NoContent, (await h.Client.DeleteAsync("/api/v1/apps/blog/domains/www.example.org")).StatusCode);
        using var again = new HttpRequestMessage(HttpMethod.Get, "/api/v1/apps");
        again.Headers.Host = "www.example.org";
        // No longer an app host, and not one of the appliance's own names: the app router's 404, not the API
        // (a foreign name reaching the control side is what DNS rebinding needs, issue 13 item 6).
        Assert.Equal(HttpStatusCode.NotFound, (await h.Client.SendAsync(again)).StatusCode);
    }

    [Theory]
    [InlineData("""{"domain":"*.example.org"}""", "wildcard")]
    [InlineData("""{"domain":"blog.hiy.example.com"}""", "under the appliance's own domain")]
    [InlineData("""{"domain":"hiy.example.com"}""", "under the appliance's own domain")]
    [InlineData("""{"domain":"bad_name.example.org"}""", "not a valid host name")]
    [InlineData("""{"domain":"10.0.0.1"}""", "IP address")]
    [InlineData("""{"domain":"localhost"}""", "fully qualified")]
    [InlineData("""{"domain":""}""", "is required")]
    [InlineData("""{}""", "is required")]
    public async Task Add_BadName_Is422NamingTheDomainField(string json, string reason)
    {
        await using var h = await StartWithAppsAsync("blog");
        var problem = await Web.ApiHost.ProblemAsync(await AddAsync(h, "blog", json), 422);
        Assert.Contains(reason, problem.GetProperty("errors").GetProperty("domain").GetString(), StringComparison.Ordinal);
        Assert.Empty((await JsonAsync(await h.Client.GetAsync("/api/v1/apps/blog/domains"), HttpStatusCode.OK)).GetProperty("domains").EnumerateArray());
    }

    [Fact]
    public async Task Add_DomainOfAnotherApp_Is409NamingTheOwner()
    {
        await using var h = await StartWithAppsAsync("blog", "shop");
        await JsonAsync(await AddAsync(h, "blog", """{"domain":"www.example.org"}"""), HttpStatusCode.Created);

        var problem = await Web.ApiHost.ProblemAsync(await AddAsync(h, "shop", """{"domain":"www.Example.org"}"""), 409);
        Assert.Contains("'blog'", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Contains("'blog'", problem.GetProperty("errors").GetProperty("domain").GetString(), StringComparison.Ordinal);
        // The other app cannot remove it either.
        await Web.ApiHost.ProblemAsync(await h.Client.DeleteAsync("/api/v1/apps/shop/domains/www.example.org"), 404);
        Assert.Equal("blog", (await JsonAsync(await h.Client.GetAsync("/api/v1/apps/blog/domains/www.example.org"), HttpStatusCode.OK))
            .GetProperty("app").GetString());
    }

    [Fact]
    public async Task Domains_UnknownAppOrDomain_Is404()
    {
        await using var h = await StartWithAppsAsync("blog");
        await Web.ApiHost.ProblemAsync(await h.Client.GetAsync("/api/v1/apps/ghost/domains"), 404);
        await Web.ApiHost.ProblemAsync(await AddAsync(h, "ghost", """{"domain":"www.example.org"}"""), 404);
        await Web.ApiHost.ProblemAsync(await h.Client.GetAsync("/api/v1/apps/blog/domains/www.example.org"), 404);
        await Web.ApiHost.ProblemAsync(await h.Client.GetAsync("/api/v1/apps/blog/domains/not_a_name"), 404);
        await Web.ApiHost.ProblemAsync(await h.Client.DeleteAsync("/api/v1/apps/ghost/domains/www.example.org"), 404);
        await Web.ApiHost.ProblemAsync(await h.Client.PostAsync("/api/v1/apps/blog/domains/www.example.org/renew", null), 404);
    }

    [Fact]
    public async Task Add_BodyNotJsonOrUnknownField_Is4xxProblem()
    {
        await using var h = await StartWithAppsAsync("blog");
        await Web.ApiHost.ProblemAsync(await h.Client.PostAsync("/api/v1/apps/blog/domains", new StringContent("www.example.org")), 415);
        await Web.ApiHost.ProblemAsync(await AddAsync(h, "blog", """{"domain":"www.example.org","extra":1}"""), 400);
        await Web.ApiHost.ProblemAsync(await AddAsync(h, "blog", """{"domain":42}"""), 400);
    }

    [Fact]
    public async Task Renew_AcmeOff_Is409SayingWhy()
    {
        await using var h = await StartWithAppsAsync("blog");
        await JsonAsync(await AddAsync(h, "blog", """{"domain":"www.example.org"}"""), HttpStatusCode.Created);
        var problem = await Web.ApiHost.ProblemAsync(await h.Client.PostAsync("/api/v1/apps/blog/domains/www.example.org/renew", null), 409);
        Assert.Contains("no ACME e-mail", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Domains_WithoutToken_Is401()
    {
        await using var h = await StartWithAppsAsync("blog");
        h.Client.DefaultRequestHeaders.Authorization = null;
        await Web.ApiHost.ProblemAsync(await AddAsync(h, "blog", """{"domain":"www.example.org"}"""), 401);
    }
}
