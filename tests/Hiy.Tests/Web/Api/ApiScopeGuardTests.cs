using System.Net;
using System.Text;
using System.Text.Json;
using Hiy.Web.Auth;

namespace Hiy.Tests.Web.Api;

/// <summary>The api scope's unsafe routes, called with the dashboard's cookie: refused without the session's CSRF token, and nothing changes.</summary>
public class ApiScopeGuardTests
{
    private const string Password = "correct horse battery";

    [Fact]
    public async Task UnsafeRoutes_CookieWithoutCsrf_403AndNothingChanged()
    {
        await using var h = await ApiHost.StartAsync();
        await h.SetupAsync(Password);
        Assert.Equal(HttpStatusCode.Created, (await h.Client.PostAsync("/api/v1/apps", ApiHost.Json("""{"name":"blog"}"""))).StatusCode);
        using var browser = new HttpClient(new SocketsHttpHandler { UseCookies = false }) { BaseAddress = h.BaseAddress };
        var signIn = await browser.PostAsync("/api/v1/auth/session", ApiHost.Json($$"""{"password":"{{Password}}"}"""));
        var cookie = signIn.Headers.GetValues("Set-Cookie").Single().Split(';')[0];
        var csrf = JsonDocument.Parse(await signIn.Content.ReadAsStringAsync()).RootElement.GetProperty("csrf_token").GetString()!;
        var setupTokenId = JsonDocument.Parse(await h.Client.GetStringAsync("/api/v1/tokens")).RootElement.EnumerateArray()
            .Single(t => t.GetProperty("name").GetString() == "setup").GetProperty("id").GetInt64();

        Task<HttpResponseMessage> Send(HttpMethod method, string path, HttpContent? content = null, string? withCsrf = null)
        {
            var request = new HttpRequestMessage(method, path) { Content = content };
            request.Headers.Add("Cookie", cookie);
            if (withCsrf is not null)
                request.Headers.Add(DashboardSessions.CsrfHeader, withCsrf);
            return browser.SendAsync(request);
        }

        await ApiHost.ProblemAsync(await Send(HttpMethod.Delete, $"/api/v1/tokens/{setupTokenId}"), 403);
        await ApiHost.ProblemAsync(await Send(HttpMethod.Patch, "/api/v1/settings", ApiHost.Json("""{"domain":"evil.example"}""")), 403);
        await ApiHost.ProblemAsync(await Send(HttpMethod.Post, "/api/v1/settings/webhook-secret"), 403);
        await ApiHost.ProblemAsync(await Send(HttpMethod.Post, "/api/v1/settings/cloudflare/verify", ApiHost.Json("""{"cloudflare_api_token":"x"}""")), 403);
        await ApiHost.ProblemAsync(await Send(HttpMethod.Put, "/api/v1/apps/blog/env", new StringContent("EVIL=1", Encoding.UTF8, "text/plain")), 403);

        Assert.Equal(HttpStatusCode.OK, (await h.Client.GetAsync("/api/v1/apps")).StatusCode); // the setup token still works
        var settings = JsonDocument.Parse(await h.Client.GetStringAsync("/api/v1/settings")).RootElement;
        Assert.Equal("example.com", settings.GetProperty("domain").GetString());
        Assert.False(settings.GetProperty("github_webhook").GetProperty("secret_configured").GetBoolean());
        Assert.Equal(0, JsonDocument.Parse(await h.Client.GetStringAsync("/api/v1/apps/blog/env?masked=true")).RootElement.GetArrayLength());

        // Reads need no CSRF token; with it, the unsafe route goes through.
        Assert.Equal(HttpStatusCode.OK, (await Send(HttpMethod.Get, "/api/v1/tokens")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Send(HttpMethod.Get, "/api/v1/system")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Send(HttpMethod.Put, "/api/v1/apps/blog/env", new StringContent("OK=1", Encoding.UTF8, "text/plain"), csrf)).StatusCode);
        var tokens = JsonDocument.Parse(await (await Send(HttpMethod.Get, "/api/v1/tokens")).Content.ReadAsStringAsync()).RootElement;
        Assert.True(tokens.EnumerateArray().Single(t => t.GetProperty("kind").GetString() == "session").GetProperty("current").GetBoolean());
    }
}
