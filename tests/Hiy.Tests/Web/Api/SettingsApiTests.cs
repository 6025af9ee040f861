using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Hiy.Tests.Web.Api;

/// <summary>/api/v1/settings and the Cloudflare token test, with a local HTTP server standing in for Cloudflare's API.</summary>
public class SettingsApiTests
{
    private const string Zone = "023e105f4ecef8ad9ca31a8372d0c353";
    private const string GoodToken = "cf-good-token-1";
    private const string DisabledToken = "cf-disabled-token";

    /// <summary>Cloudflare's GET /client/v4/user/tokens/verify as its docs show it: active, disabled, or 401 for an unknown token.</summary>
    private sealed class FakeCloudflare : IAsyncDisposable
    {
        private readonly WebApplication _app;
        private FakeCloudflare(WebApplication app, Uri apiBase) { _app = app; ApiBase = apiBase; }
        public Uri ApiBase { get; }
        public int Calls;

        public static async Task<FakeCloudflare> StartAsync()
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.Logging.ClearProviders();
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            var app = builder.Build();
            FakeCloudflare? fake = null;
            app.MapGet("/client/v4/user/tokens/verify", async (HttpContext ctx) =>
            {
                Interlocked.Increment(ref fake!.Calls);
                var auth = ctx.Request.Headers.Authorization.ToString();
                ctx.Response.ContentType = "application/json";
                var (status, body) = auth switch
                {
                    "Bearer " + GoodToken => (200, """{"result":{"id":"f267e341f3dd4697bd3b9f71dd96247f","status":"active"},"success":true,"errors":[],"messages":[{"code":10000,"message":"This API Token is valid and active","type":null}]}"""),
                    "Bearer " + DisabledToken => (200, """{"result":{"id":"ab","status":"disabled"},"success":true,"errors":[],"messages":[]}"""),
                    _ => (401, """{"success":false,"errors":[{"code":1000,"message":"Invalid API Token"}],"messages":[],"result":null}"""),
                };
                ctx.Response.StatusCode = status;
                await ctx.Response.WriteAsync(body);
            });
            await app.StartAsync();
            var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
            fake = new FakeCloudflare(app, new Uri(address.TrimEnd('/') + "/client/v4"));
            return fake;
        }

        public ValueTask DisposeAsync() => _app.DisposeAsync();
    }

    private static Task<ApiHost> StartAsync(Uri cloudflare, string? setupCode = null, TimeProvider? time = null) =>
        ApiHost.StartAsync(setupCode: setupCode, configure: c => c with { CloudflareApiBase = cloudflare.AbsoluteUri }, time: time);

    private static async Task<JsonElement> JsonAsync(HttpResponseMessage r, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var body = await r.Content.ReadAsStringAsync();
        Assert.True(r.StatusCode == expected, $"expected {expected}, got {r.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement;
    }

    private static HttpContent Patch(string json) => ApiHost.Json(json);

    [Fact]
    public async Task Get_AfterSetup_ShapeAndNoSecret()
    {
        await using var cf = await FakeCloudflare.StartAsync();
        await using var h = await StartAsync(cf.ApiBase);
        await h.SetupAsync(extra: $$""","acme_email":"ops@example.com","cloudflare_api_token":"{{GoodToken}}","cloudflare_zone_id":"{{Zone}}","github_webhook_secret":"webhook-secret-0123456789" """);
        var r = await h.Client.GetAsync("/api/v1/settings");
        var body = await r.Content.ReadAsStringAsync();
        var s = await JsonAsync(r);
        Assert.Equal("example.com", s.GetProperty("domain").GetString());
        Assert.Equal("ops@example.com", s.GetProperty("acme_email").GetString());
        Assert.False(string.IsNullOrEmpty(s.GetProperty("acme_directory_url").GetString()));
        Assert.True(s.GetProperty("cloudflare").GetProperty("configured").GetBoolean());
        Assert.Equal(Zone, s.GetProperty("cloudflare").GetProperty("zone_id").GetString());
        Assert.Equal($"http://127.0.0.1:{h.BaseAddress.Port}/hooks/github", s.GetProperty("github_webhook").GetProperty("url").GetString());
        Assert.True(s.GetProperty("github_webhook").GetProperty("secret_configured").GetBoolean());
        Assert.DoesNotContain(GoodToken, body);
        Assert.DoesNotContain("webhook-secret-0123456789", body);
    }

    [Fact]
    public async Task Patch_DomainAndEmail_StoredAppliedAndSaidWhat()
    {
        await using var cf = await FakeCloudflare.StartAsync();
        await using var h = await StartAsync(cf.ApiBase);
        await h.SetupAsync();
        Assert.Equal(HttpStatusCode.Created, (await h.Client.PostAsync("/api/v1/apps", ApiHost.Json("""{"name":"blog"}"""))).StatusCode);
        var r = await h.Client.PatchAsync("/api/v1/settings", Patch("""{"domain":" Pi.Example.ORG. ","acme_email":"me@example.org"}"""));
        var s = await JsonAsync(r);
        Assert.Equal("pi.example.org", s.GetProperty("domain").GetString());
        Assert.Equal("me@example.org", s.GetProperty("acme_email").GetString());
        Assert.Equal(["domain", "acme_email"], s.GetProperty("changed").EnumerateArray().Select(e => e.GetString()));
        Assert.Contains("pi.example.org", s.GetProperty("applied").GetProperty("domain").GetString());
        Assert.True(s.GetProperty("applied").TryGetProperty("acme_email", out _));

        // Live: the app's URL follows, and so does a restart (read from the store).
        var app = await JsonAsync(await h.Client.GetAsync("/api/v1/apps/blog"));
        Assert.StartsWith("http://blog.pi.example.org", app.GetProperty("url").GetString());
        Assert.Equal("pi.example.org", (await JsonAsync(await h.Client.GetAsync("/api/v1/setup"))).GetProperty("domain").GetString());

        // The same again changes nothing.
        var again = await JsonAsync(await h.Client.PatchAsync("/api/v1/settings", Patch("""{"domain":"pi.example.org"}""")));
        Assert.Equal(0, again.GetProperty("changed").GetArrayLength());
    }

    [Fact]
    public async Task Patch_Invalid_422NamingEveryFieldNothingStored()
    {
        await using var cf = await FakeCloudflare.StartAsync();
        await using var h = await StartAsync(cf.ApiBase);
        await h.SetupAsync();
        var problem = await ApiHost.ProblemAsync(await h.Client.PatchAsync("/api/v1/settings",
            Patch($$"""{"domain":"not a domain","acme_email":"nope","cloudflare_zone_id":"{{Zone}}"}""")), 422);
        var errors = problem.GetProperty("errors");
        Assert.True(errors.TryGetProperty("domain", out _));
        Assert.True(errors.TryGetProperty("acme_email", out _));
        Assert.True(errors.TryGetProperty("cloudflare_api_token", out _)); // a zone needs a token, and none is stored
        var s = await JsonAsync(await h.Client.GetAsync("/api/v1/settings"));
        Assert.Equal("example.com", s.GetProperty("domain").GetString());
        Assert.Equal(JsonValueKind.Null, s.GetProperty("acme_email").ValueKind);
        Assert.Equal(JsonValueKind.Null, s.GetProperty("cloudflare").GetProperty("zone_id").ValueKind);

        await ApiHost.ProblemAsync(await h.Client.PatchAsync("/api/v1/settings", Patch("""{"admin_password":"x"}""")), 400);
        await ApiHost.ProblemAsync(await h.Client.PatchAsync("/api/v1/settings", Patch("""{"domain":5}""")), 400);
    }

    [Fact]
    public async Task Patch_CloudflarePairThenCleared()
    {
        await using var cf = await FakeCloudflare.StartAsync();
        await using var h = await StartAsync(cf.ApiBase);
        await h.SetupAsync();
        var set = await JsonAsync(await h.Client.PatchAsync("/api/v1/settings", Patch($$"""{"cloudflare_api_token":"{{GoodToken}}","cloudflare_zone_id":"{{Zone.ToUpperInvariant()}}"}""")));
        Assert.True(set.GetProperty("cloudflare").GetProperty("configured").GetBoolean());
        Assert.Equal(Zone, set.GetProperty("cloudflare").GetProperty("zone_id").GetString());
        // A new token alone pairs with the stored zone.
        var token = await JsonAsync(await h.Client.PatchAsync("/api/v1/settings", Patch("""{"cloudflare_api_token":"cf-another-token"}""")));
        Assert.Equal(["cloudflare_api_token"], token.GetProperty("changed").EnumerateArray().Select(e => e.GetString()));
        var cleared = await JsonAsync(await h.Client.PatchAsync("/api/v1/settings", Patch("""{"cloudflare_api_token":"","cloudflare_zone_id":""}""")));
        Assert.False(cleared.GetProperty("cloudflare").GetProperty("configured").GetBoolean());
        Assert.Equal(JsonValueKind.Null, cleared.GetProperty("cloudflare").GetProperty("zone_id").ValueKind);
    }

    [Fact]
    public async Task WebhookSecret_RotateRevealAndTheWebhookChecksIt()
    {
        await using var cf = await FakeCloudflare.StartAsync();
        await using var h = await StartAsync(cf.ApiBase);
        await h.SetupAsync();
        await ApiHost.ProblemAsync(await h.Client.GetAsync("/api/v1/settings/webhook-secret"), 404);
        var rotated = await h.Client.PostAsync("/api/v1/settings/webhook-secret", null);
        Assert.Equal("no-store", rotated.Headers.CacheControl?.ToString());
        var secret = (await JsonAsync(rotated)).GetProperty("secret").GetString()!;
        Assert.Equal(64, secret.Length);
        Assert.Equal(secret, (await JsonAsync(await h.Client.GetAsync("/api/v1/settings/webhook-secret"))).GetProperty("secret").GetString());
        var second = (await JsonAsync(await h.Client.PostAsync("/api/v1/settings/webhook-secret", null))).GetProperty("secret").GetString()!;
        Assert.NotEqual(secret, second);

        // GitHub's hook signs with the current secret: the old one is refused at once.
        var body = """{"zen":"Keep it logically awesome."}""";
        HttpRequestMessage Hook(string key)
        {
            var signature = "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(key), Encoding.UTF8.GetBytes(body)));
            var request = new HttpRequestMessage(HttpMethod.Post, "/hooks/github") { Content = ApiHost.Json(body) };
            request.Headers.Add("X-Hub-Signature-256", signature);
            request.Headers.Add("X-GitHub-Event", "ping");
            return request;
        }
        Assert.Equal(HttpStatusCode.Unauthorized, (await h.Client.SendAsync(Hook(secret))).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await h.Client.SendAsync(Hook(second))).StatusCode);
        Assert.True((await JsonAsync(await h.Client.GetAsync("/api/v1/settings"))).GetProperty("github_webhook").GetProperty("secret_configured").GetBoolean());
    }

    [Fact]
    public async Task VerifyCloudflare_GivenStoredAndMissingToken_CloudflaresVerdict()
    {
        await using var cf = await FakeCloudflare.StartAsync();
        await using var h = await StartAsync(cf.ApiBase);
        await h.SetupAsync();
        var noneStored = await ApiHost.ProblemAsync(await h.Client.PostAsync("/api/v1/settings/cloudflare/verify", null), 400);
        Assert.True(noneStored.GetProperty("errors").TryGetProperty("cloudflare_api_token", out _));

        var good = await JsonAsync(await h.Client.PostAsync("/api/v1/settings/cloudflare/verify", ApiHost.Json($$"""{"cloudflare_api_token":"{{GoodToken}}"}""")));
        Assert.True(good.GetProperty("ok").GetBoolean());
        Assert.Equal("active", good.GetProperty("status").GetString());
        var disabled = await JsonAsync(await h.Client.PostAsync("/api/v1/settings/cloudflare/verify", ApiHost.Json($$"""{"cloudflare_api_token":"{{DisabledToken}}"}""")));
        Assert.False(disabled.GetProperty("ok").GetBoolean());
        Assert.Equal("disabled", disabled.GetProperty("status").GetString());
        var bad = await JsonAsync(await h.Client.PostAsync("/api/v1/settings/cloudflare/verify", ApiHost.Json("""{"cloudflare_api_token":"wrong"}""")));
        Assert.False(bad.GetProperty("ok").GetBoolean());
        Assert.Equal("invalid", bad.GetProperty("status").GetString());
        Assert.Contains("Invalid API Token", bad.GetProperty("detail").GetString());

        await JsonAsync(await h.Client.PatchAsync("/api/v1/settings", Patch($$"""{"cloudflare_api_token":"{{GoodToken}}","cloudflare_zone_id":"{{Zone}}"}""")));
        var stored = await JsonAsync(await h.Client.PostAsync("/api/v1/settings/cloudflare/verify", null));
        Assert.True(stored.GetProperty("ok").GetBoolean());
        Assert.Equal(4, cf.Calls);
    }

    [Fact]
    public async Task VerifyCloudflare_Unreachable_200NotOkSayingSo()
    {
        int closedPort;
        using (var l = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0))
        {
            l.Start();
            closedPort = ((IPEndPoint)l.LocalEndpoint).Port;
        }
        await using var h = await StartAsync(new Uri($"http://127.0.0.1:{closedPort}/client/v4"));
        await h.SetupAsync();
        var v = await JsonAsync(await h.Client.PostAsync("/api/v1/settings/cloudflare/verify", ApiHost.Json("""{"cloudflare_api_token":"x"}""")));
        Assert.False(v.GetProperty("ok").GetBoolean());
        Assert.Equal("unreachable", v.GetProperty("status").GetString());
        Assert.Contains($"127.0.0.1:{closedPort}", v.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task SetupVerify_BeforeSetupWithCodeOnly_AfterSetup409()
    {
        await using var cf = await FakeCloudflare.StartAsync();
        await using var h = await StartAsync(cf.ApiBase, setupCode: "ABCD-1234");
        await ApiHost.ProblemAsync(await h.Client.PostAsync("/api/v1/setup/cloudflare-verify",
            ApiHost.Json($$"""{"setup_code":"wrong","cloudflare_api_token":"{{GoodToken}}"}""")), 403);
        await ApiHost.ProblemAsync(await h.Client.PostAsync("/api/v1/setup/cloudflare-verify",
            ApiHost.Json($$"""{"cloudflare_api_token":"{{GoodToken}}"}""")), 403);
        Assert.Equal(0, cf.Calls);
        var missing = await ApiHost.ProblemAsync(await h.Client.PostAsync("/api/v1/setup/cloudflare-verify", ApiHost.Json("""{"setup_code":"ABCD-1234"}""")), 400);
        Assert.True(missing.GetProperty("errors").TryGetProperty("cloudflare_api_token", out _));
        var v = await JsonAsync(await h.Client.PostAsync("/api/v1/setup/cloudflare-verify",
            ApiHost.Json($$"""{"setup_code":"ABCD-1234","cloudflare_api_token":"{{GoodToken}}"}""")));
        Assert.True(v.GetProperty("ok").GetBoolean());

        await h.SetupAsync(extra: ""","setup_code":"ABCD-1234" """);
        await ApiHost.ProblemAsync(await h.Client.PostAsync("/api/v1/setup/cloudflare-verify",
            ApiHost.Json($$"""{"setup_code":"ABCD-1234","cloudflare_api_token":"{{GoodToken}}"}""")), 409);
    }

    [Fact]
    public async Task SetupVerify_WrongCodes_ThrottledWithSetup()
    {
        await using var cf = await FakeCloudflare.StartAsync();
        // The clock stands still, so the block after the free attempts cannot run out while the test runs.
        await using var h = await StartAsync(cf.ApiBase, setupCode: "ABCD-1234", time: new ManualTimeProvider(DateTimeOffset.UtcNow));
        for (var i = 0; i < Hiy.Web.Auth.AttemptThrottle.FreeAttempts + 1; i++)
            await ApiHost.ProblemAsync(await h.Client.PostAsync("/api/v1/setup/cloudflare-verify", ApiHost.Json("""{"setup_code":"nope","cloudflare_api_token":"x"}""")), 403);
        await ApiHost.ProblemAsync(await h.Client.PostAsync("/api/v1/setup/cloudflare-verify",
            ApiHost.Json($$"""{"setup_code":"ABCD-1234","cloudflare_api_token":"{{GoodToken}}"}""")), 429);
        await ApiHost.ProblemAsync(await h.Client.PostAsync("/api/v1/setup",
            ApiHost.Json("""{"setup_code":"ABCD-1234","admin_password":"correct horse battery","domain":"example.com"}""")), 429);
    }

    [Fact]
    public async Task Settings_WithoutCredentials_401()
    {
        await using var cf = await FakeCloudflare.StartAsync();
        await using var h = await StartAsync(cf.ApiBase);
        await h.SetupAsync();
        using var anonymous = new HttpClient { BaseAddress = h.BaseAddress };
        await ApiHost.ProblemAsync(await anonymous.GetAsync("/api/v1/settings"), 401);
        await ApiHost.ProblemAsync(await anonymous.GetAsync("/api/v1/settings/webhook-secret"), 401);
        await ApiHost.ProblemAsync(await anonymous.PostAsync("/api/v1/settings/webhook-secret", null), 401);
        await ApiHost.ProblemAsync(await anonymous.PatchAsync("/api/v1/settings", Patch("""{"domain":"evil.example"}""")), 401);
    }
}
