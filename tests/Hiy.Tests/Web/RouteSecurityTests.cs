using System.Net;
using System.Text.Json;
using Hiy.Tests.Routes;
using Hiy.Tests.Web;
using Hiy.Web.Auth;

namespace Hiy.Tests.Web.Security;

/// <summary>
/// The API's gate over every route the running host maps (its EndpointDataSource, not a list kept by hand): without
/// credentials each /api route answers 401 except the few that sign in or set up, and with the dashboard's cookie
/// each unsafe method without the CSRF header answers 403 before anything runs.
/// </summary>
public class RouteSecurityTests
{
    private const string Password = "correct horse battery";

    /// <summary>
    /// The only routes that answer without credentials after setup: the wizard's (which need the setup code before
    /// setup and answer 409 after it), and signing in. A new route that answers anonymously fails the test until it is
    /// added here on purpose.
    /// </summary>
    private static readonly HashSet<string> Anonymous =
    [
        "GET /api/v1/setup", "POST /api/v1/setup", "POST /api/v1/setup/cloudflare-verify", "POST /api/v1/auth/token",
        "GET /api/v1/auth/session", "POST /api/v1/auth/session",
    ];

    private static HttpClient Bare(ApiHost host) => new(new SocketsHttpHandler { UseCookies = false }) { BaseAddress = host.BaseAddress };

    private static IEnumerable<MappedRoute> ApiRoutes(ApiHost host) =>
        RouteTable.Of(host.Host.Services).Where(r => r.Pattern.StartsWith("/api/", StringComparison.Ordinal) && r.Method != "HEAD");

    private static async Task<(string Cookie, string Csrf)> SignInAsync(HttpClient http)
    {
        var r = await http.PostAsync("/api/v1/auth/session", ApiHost.Json($$"""{"password":"{{Password}}"}"""));
        var body = await r.Content.ReadAsStringAsync();
        Assert.True(r.IsSuccessStatusCode, body);
        return (Assert.Single(r.Headers.GetValues("Set-Cookie")).Split(';')[0], JsonDocument.Parse(body).RootElement.GetProperty("csrf_token").GetString()!);
    }

    [Fact]
    public async Task RouteTable_RunningHost_HasTheApiRoutesThisTestWalks()
    {
        await using var host = await ApiHost.StartAsync();
        var routes = ApiRoutes(host).Select(r => r.ToString()).ToList();
        // A sanity floor: the enumeration found the real table, not an empty or partial one.
        Assert.Contains("GET /api/v1/apps", routes);
        Assert.Contains("PUT /api/v1/sites/{site}/versions/{version}", routes);
        Assert.Contains("POST /api/v1/system/reboot", routes);
        Assert.True(routes.Count > 40, string.Join("\n", routes));
        foreach (var anonymous in Anonymous)
            Assert.Contains(anonymous, routes);
    }

    [Fact]
    public async Task EveryApiRoute_NoCredentials_401ExceptSignInAndSetup()
    {
        await using var host = await ApiHost.StartAsync();
        await host.SetupAsync(Password);
        using var http = Bare(host);
        var wrong = new List<string>();
        foreach (var route in ApiRoutes(host))
        {
            using var request = new HttpRequestMessage(new HttpMethod(route.Method), route.SamplePath);
            if (route.Method is "POST" or "PUT" or "PATCH")
                request.Content = ApiHost.Json("{}");
            using var response = await http.SendAsync(request);
            var anonymous = Anonymous.Contains(route.ToString());
            if (anonymous ? response.StatusCode == HttpStatusCode.Unauthorized : response.StatusCode != HttpStatusCode.Unauthorized)
                wrong.Add($"{route} ({route.Method} {route.SamplePath}) answered {(int)response.StatusCode}");
            else if (!anonymous)
                Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }
        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
    }

    [Fact]
    public async Task EveryUnsafeApiRoute_SessionCookieWithoutCsrfHeader_403AndNothingChanged()
    {
        await using var host = await ApiHost.StartAsync();
        await host.SetupAsync(Password);
        using var http = Bare(host);
        var (cookie, _) = await SignInAsync(http);
        var before = await host.Client.GetStringAsync("/api/v1/apps");
        var wrong = new List<string>();
        var checkedRoutes = 0;
        foreach (var route in ApiRoutes(host).Where(r => DashboardSessions.IsUnsafe(r.Method) && !Anonymous.Contains(r.ToString())))
        {
            using var request = new HttpRequestMessage(new HttpMethod(route.Method), route.SamplePath);
            request.Headers.Add("Cookie", cookie);
            if (route.Method is "POST" or "PUT" or "PATCH")
                request.Content = ApiHost.Json("""{"name":"probe","port":8080}""");
            using var response = await http.SendAsync(request);
            checkedRoutes++;
            if (response.StatusCode != HttpStatusCode.Forbidden)
                wrong.Add($"{route} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }
        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
        Assert.True(checkedRoutes > 20, $"only {checkedRoutes} unsafe routes found");
        Assert.Equal(before, await host.Client.GetStringAsync("/api/v1/apps"));

        // The same cookie is still good for a safe method: the 403s were the CSRF check, not a dead session.
        using var get = new HttpRequestMessage(HttpMethod.Get, "/api/v1/apps");
        get.Headers.Add("Cookie", cookie);
        Assert.Equal(HttpStatusCode.OK, (await http.SendAsync(get)).StatusCode);
    }

    [Fact]
    public async Task EveryDashboardFile_NoSession_ServedAndHoldsNoSecret()
    {
        await using var host = await ApiHost.StartAsync();
        const string webhookSecret = "whsec-route-security-5f1e";
        var token = await host.SetupAsync(Password, extra: $$""","github_webhook_secret":"{{webhookSecret}}" """);
        using var http = Bare(host);
        var pages = RouteTable.Of(host.Host.Services)
            .Where(r => r.Method == "GET" && !r.Pattern.StartsWith("/api/", StringComparison.Ordinal) && !r.Pattern.Contains('{', StringComparison.Ordinal)
                && r.Pattern is not "/health" and not "/ready" and not "/metrics")
            .ToList();
        // /metrics is no dashboard file: it has its own gate (a token or metrics_allow), anonymous is 401.
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.GetAsync("/metrics")).StatusCode);
        Assert.Contains(pages, p => p.Pattern == "/");
        Assert.Contains(pages, p => p.Pattern == "/sites.js");
        foreach (var page in pages)
        {
            using var response = await http.GetAsync(page.SamplePath);
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{page}: {(int)response.StatusCode}");
            Assert.DoesNotContain(webhookSecret, body);
            Assert.DoesNotContain(token, body);
        }
    }
}
