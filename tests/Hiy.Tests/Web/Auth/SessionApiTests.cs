using System.Net;
using System.Text.Json;
using Hiy.Store;
using Hiy.Web.Auth;
using Microsoft.Extensions.DependencyInjection;

namespace Hiy.Tests.Web.Auth;

/// <summary>The dashboard's session cookie and CSRF token, against a real hiy over HTTP.</summary>
public class SessionApiTests
{
    private const string Password = "correct horse battery";

    /// <summary>A hiy with the operations channel (so unsafe requests have a visible effect) and a cookie-less client.</summary>
    private sealed class Fixture : IAsyncDisposable
    {
        public required ApiHost Host { get; init; }
        public required TempDir Dir { get; init; }
        public required ManualTimeProvider Time { get; init; }
        public required HttpClient Browser { get; init; }
        public string Requests => Path.Combine(Dir.Path, "run-ops");

        public static async Task<Fixture> StartAsync()
        {
            var dir = new TempDir();
            Directory.CreateDirectory(Path.Combine(dir.Path, "run-ops"));
            var time = new ManualTimeProvider(DateTimeOffset.UtcNow);
            var host = await ApiHost.StartAsync(configure: c => c with { OpsDir = Path.Combine(dir.Path, "run-ops") }, time: time);
            await host.SetupAsync(Password);
            // Cookies are set by hand, so every test sees exactly what the server sent.
            var browser = new HttpClient(new SocketsHttpHandler { UseCookies = false }) { BaseAddress = host.BaseAddress };
            return new Fixture { Host = host, Dir = dir, Time = time, Browser = browser };
        }

        /// <summary>Signs in; returns the Set-Cookie header, the cookie pair to send back, and the CSRF token.</summary>
        public async Task<(string SetCookie, string Cookie, string Csrf)> SignInAsync()
        {
            var r = await Browser.PostAsync("/api/v1/auth/session", ApiHost.Json($$"""{"password":"{{Password}}"}"""));
            var body = await r.Content.ReadAsStringAsync();
            Assert.True(r.StatusCode == HttpStatusCode.OK, body);
            var setCookie = Assert.Single(r.Headers.GetValues("Set-Cookie"));
            var csrf = JsonDocument.Parse(body).RootElement.GetProperty("csrf_token").GetString()!;
            return (setCookie, setCookie.Split(';')[0], csrf);
        }

        public Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string? cookie, string? csrf = null, HttpContent? content = null)
        {
            var request = new HttpRequestMessage(method, path) { Content = content };
            if (cookie is not null)
                request.Headers.Add("Cookie", cookie);
            if (csrf is not null)
                request.Headers.Add(DashboardSessions.CsrfHeader, csrf);
            return Browser.SendAsync(request);
        }

        public async ValueTask DisposeAsync()
        {
            Browser.Dispose();
            await Host.DisposeAsync();
            Dir.Dispose();
        }
    }

    [Fact]
    public async Task PostSession_RightPassword_HttpOnlyStrictCookieOnlyItsHashStored()
    {
        await using var f = await Fixture.StartAsync();
        var (setCookie, cookie, csrf) = await f.SignInAsync();
        var attributes = setCookie.Split(';').Select(a => a.Trim().ToLowerInvariant()).ToArray();
        Assert.StartsWith(DashboardSessions.CookieName + "=hiy_", cookie);
        Assert.Contains("httponly", attributes);
        Assert.Contains("samesite=strict", attributes);
        Assert.Contains("path=/", attributes);
        Assert.DoesNotContain("secure", attributes); // plain HTTP here; see DashboardSessionsTests for HTTPS
        Assert.Contains(attributes, a => a.StartsWith("expires=", StringComparison.Ordinal));
        Assert.False(string.IsNullOrEmpty(csrf));

        var token = cookie[(cookie.IndexOf('=') + 1)..];
        var db = f.Host.Host.Services.GetRequiredService<HiyDatabase>();
        var (name, kind, expires) = db.Read(c => c.Command("SELECT name, kind, expires_at FROM api_tokens WHERE token_hash = $h")
            .With("$h", ApiTokens.Hash(token)).ReadAll(r => (r.GetString(0), r.GetString(1), r.GetString(2))).Single());
        Assert.Equal("dashboard session", name);
        Assert.Equal("session", kind);
        Assert.Equal(f.Time.GetUtcNow() + DashboardSessions.Lifetime, Clock.Parse(expires), TimeSpan.FromMilliseconds(1)); // stored to the millisecond
        var stored = db.Read(c => c.Command("SELECT count(*) FROM api_tokens WHERE CAST(token_hash AS TEXT) LIKE $t OR name LIKE $t")
            .With("$t", "%" + token + "%").ExecuteScalar());
        Assert.Equal(0L, stored);
    }

    [Fact]
    public async Task GetSession_SignedOutThenSignedIn_ReportsItAndTheSameCsrfToken()
    {
        await using var f = await Fixture.StartAsync();
        var before = JsonDocument.Parse(await (await f.SendAsync(HttpMethod.Get, "/api/v1/auth/session", null)).Content.ReadAsStringAsync()).RootElement;
        Assert.False(before.GetProperty("signed_in").GetBoolean());
        Assert.False(before.TryGetProperty("csrf_token", out _));

        var (_, cookie, csrf) = await f.SignInAsync();
        var r = await f.SendAsync(HttpMethod.Get, "/api/v1/auth/session", cookie);
        Assert.Equal("no-store", r.Headers.CacheControl?.ToString());
        var after = JsonDocument.Parse(await r.Content.ReadAsStringAsync()).RootElement;
        Assert.True(after.GetProperty("signed_in").GetBoolean());
        Assert.Equal(csrf, after.GetProperty("csrf_token").GetString());
    }

    [Fact]
    public async Task PostSession_WrongPasswords_401ThenThrottledSharedWithTokenRoute()
    {
        await using var f = await Fixture.StartAsync();
        for (var i = 0; i < AttemptThrottle.FreeAttempts + 1; i++)
        {
            var wrong = await f.Browser.PostAsync("/api/v1/auth/session", ApiHost.Json("""{"password":"nope"}"""));
            await ApiHost.ProblemAsync(wrong, 401);
            Assert.False(wrong.Headers.Contains("Set-Cookie"));
        }
        // The clock does not move: the client is blocked on both sign-in routes, even with the right password.
        var session = await f.Browser.PostAsync("/api/v1/auth/session", ApiHost.Json($$"""{"password":"{{Password}}"}"""));
        await ApiHost.ProblemAsync(session, 429);
        Assert.False(session.Headers.Contains("Set-Cookie"));
        await ApiHost.ProblemAsync(await f.Browser.PostAsync("/api/v1/auth/token", ApiHost.Json($$"""{"password":"{{Password}}"}""")), 429);

        f.Time.Advance(TimeSpan.FromSeconds(2));
        await f.SignInAsync();
    }

    [Fact]
    public async Task Cookie_UnsafeWithoutOrWithWrongCsrf_403AndNothingRequested()
    {
        await using var f = await Fixture.StartAsync();
        var (_, cookie, csrf) = await f.SignInAsync();
        var missing = await ApiHost.ProblemAsync(await f.SendAsync(HttpMethod.Post, "/api/v1/system/reboot", cookie), 403);
        Assert.Contains("X-CSRF-Token", missing.GetProperty("detail").GetString());
        await ApiHost.ProblemAsync(await f.SendAsync(HttpMethod.Post, "/api/v1/system/reboot", cookie, csrf[..^1] + (csrf[^1] == 'A' ? "B" : "A")), 403);
        await ApiHost.ProblemAsync(await f.SendAsync(HttpMethod.Put, "/api/v1/system/ssh", cookie, "",
            ApiHost.Json("""{"enabled":false}""")), 403);
        await ApiHost.ProblemAsync(await f.SendAsync(HttpMethod.Delete, "/api/v1/auth/session", cookie), 403);
        Assert.Empty(Directory.GetFiles(f.Requests));

        // The CSRF token of another session does not fit this one.
        var (_, _, otherCsrf) = await f.SignInAsync();
        await ApiHost.ProblemAsync(await f.SendAsync(HttpMethod.Post, "/api/v1/system/reboot", cookie, otherCsrf), 403);
        Assert.Empty(Directory.GetFiles(f.Requests));

        // Reading needs no CSRF token; the right one lets the unsafe request through.
        Assert.Equal(HttpStatusCode.OK, (await f.SendAsync(HttpMethod.Get, "/api/v1/system/operations", cookie)).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await f.SendAsync(HttpMethod.Post, "/api/v1/system/reboot", cookie, csrf)).StatusCode);
        Assert.True(File.Exists(Path.Combine(f.Requests, "reboot")));
    }

    [Fact]
    public async Task Bearer_StillWorks_WithoutCookieOrCsrf()
    {
        await using var f = await Fixture.StartAsync();
        var token = f.Host.Client.DefaultRequestHeaders.Authorization!.Parameter!;
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/system/reboot");
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        Assert.Equal(HttpStatusCode.Accepted, (await f.Browser.SendAsync(request)).StatusCode);
        Assert.True(File.Exists(Path.Combine(f.Requests, "reboot")));
        // An API token is not a session: as a cookie it does not sign anyone in.
        await ApiHost.ProblemAsync(await f.SendAsync(HttpMethod.Get, "/api/v1/system/operations", $"{DashboardSessions.CookieName}={token}"), 401);
    }

    [Fact]
    public async Task DeleteSession_SignsOut_OldCookieThen401()
    {
        await using var f = await Fixture.StartAsync();
        var (_, cookie, csrf) = await f.SignInAsync();
        var r = await f.SendAsync(HttpMethod.Delete, "/api/v1/auth/session", cookie, csrf);
        Assert.Equal(HttpStatusCode.NoContent, r.StatusCode);
        var cleared = Assert.Single(r.Headers.GetValues("Set-Cookie"));
        Assert.StartsWith(DashboardSessions.CookieName + "=;", cleared);
        Assert.Contains("expires=Thu, 01 Jan 1970", cleared, StringComparison.OrdinalIgnoreCase);

        var problem = await ApiHost.ProblemAsync(await f.SendAsync(HttpMethod.Get, "/api/v1/system/operations", cookie), 401);
        Assert.Contains("sign in again", problem.GetProperty("detail").GetString());
        await ApiHost.ProblemAsync(await f.SendAsync(HttpMethod.Post, "/api/v1/system/reboot", cookie, csrf), 401);
        var state = JsonDocument.Parse(await (await f.SendAsync(HttpMethod.Get, "/api/v1/auth/session", cookie)).Content.ReadAsStringAsync()).RootElement;
        Assert.False(state.GetProperty("signed_in").GetBoolean());
        Assert.Empty(Directory.GetFiles(f.Requests));
    }

    [Fact]
    public async Task Session_Expired_401AndExpiredRowsForgottenAtNextSignIn()
    {
        await using var f = await Fixture.StartAsync();
        var (_, cookie, csrf) = await f.SignInAsync();
        f.Time.Advance(DashboardSessions.Lifetime - TimeSpan.FromMinutes(1));
        Assert.Equal(HttpStatusCode.OK, (await f.SendAsync(HttpMethod.Get, "/api/v1/system/operations", cookie)).StatusCode);
        f.Time.Advance(TimeSpan.FromMinutes(2));
        await ApiHost.ProblemAsync(await f.SendAsync(HttpMethod.Get, "/api/v1/system/operations", cookie), 401);
        await ApiHost.ProblemAsync(await f.SendAsync(HttpMethod.Post, "/api/v1/system/reboot", cookie, csrf), 401);
        Assert.Empty(Directory.GetFiles(f.Requests));

        await f.SignInAsync();
        var db = f.Host.Host.Services.GetRequiredService<HiyDatabase>();
        Assert.Equal(1L, db.Read(c => c.Command("SELECT count(*) FROM api_tokens WHERE kind = 'session'").ExecuteScalar()));
    }

    [Fact]
    public async Task SignInAgain_ReplacesTheBrowsersOldSession()
    {
        await using var f = await Fixture.StartAsync();
        var (_, first, _) = await f.SignInAsync();
        var again = await f.SendAsync(HttpMethod.Post, "/api/v1/auth/session", first, null, ApiHost.Json($$"""{"password":"{{Password}}"}"""));
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        var second = Assert.Single(again.Headers.GetValues("Set-Cookie")).Split(';')[0];
        Assert.NotEqual(first, second);
        await ApiHost.ProblemAsync(await f.SendAsync(HttpMethod.Get, "/api/v1/system/operations", first), 401);
        Assert.Equal(HttpStatusCode.OK, (await f.SendAsync(HttpMethod.Get, "/api/v1/system/operations", second)).StatusCode);
    }

    [Fact]
    public async Task Session_BeforeSetup_403LikeEveryRoute()
    {
        await using var h = await ApiHost.StartAsync();
        await ApiHost.ProblemAsync(await h.Client.PostAsync("/api/v1/auth/session", ApiHost.Json("""{"password":"x"}""")), 403);
        await ApiHost.ProblemAsync(await h.Client.GetAsync("/api/v1/auth/session"), 403);
    }
}
