using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Hiy.Store;
using Hiy.Web.Auth;
using Microsoft.Extensions.DependencyInjection;

namespace Hiy.Tests.Web.Api;

/// <summary>POST /api/v1/auth/token, GET /api/v1/tokens, DELETE /api/v1/tokens/{id} against a real hiy over HTTP.</summary>
public class TokensApiTests
{
    private const string Password = "correct horse battery";

    private static async Task<(ApiHost Host, ManualTimeProvider Time)> StartAsync()
    {
        var time = new ManualTimeProvider(DateTimeOffset.UtcNow);
        var host = await ApiHost.StartAsync(time: time);
        await host.SetupAsync(Password);
        return (host, time);
    }

    private static async Task<JsonElement> JsonAsync(HttpResponseMessage r, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var body = await r.Content.ReadAsStringAsync();
        Assert.True(r.StatusCode == expected, $"expected {expected}, got {r.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement;
    }

    private static HttpRequestMessage As(string token, HttpMethod method, string path)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return request;
    }

    [Fact]
    public async Task PostToken_NameGivenOrDefault_AnswersTokenIdAndName()
    {
        var (host, _) = await StartAsync();
        await using var hostLease = host;
        var named = await JsonAsync(await host.Client.PostAsync("/api/v1/auth/token", ApiHost.Json($$"""{"password":"{{Password}}","name":"cli@laptop"}""")));
        Assert.StartsWith(ApiTokens.Prefix, named.GetProperty("token").GetString());
        Assert.Equal("cli@laptop", named.GetProperty("name").GetString());
        Assert.True(named.GetProperty("id").GetInt64() > 0);
        var unnamed = await JsonAsync(await host.Client.PostAsync("/api/v1/auth/token", ApiHost.Json($$"""{"password":"{{Password}}"}""")));
        Assert.Equal("cli", unnamed.GetProperty("name").GetString());
        Assert.NotEqual(named.GetProperty("id").GetInt64(), unnamed.GetProperty("id").GetInt64());
    }

    [Theory]
    [InlineData("\"\"")]
    [InlineData("\"   \"")]
    [InlineData("\"tab\\there\"")]
    [InlineData("\"new\\nline\"")]
    [InlineData("\"\\u0000\"")]
    [InlineData("\"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\"")] // 65
    public async Task PostToken_BadName_400NamingNameAndNoToken(string nameJson)
    {
        var (host, _) = await StartAsync();
        await using var hostLease = host;
        var problem = await ApiHost.ProblemAsync(
            await host.Client.PostAsync("/api/v1/auth/token", ApiHost.Json($$"""{"password":"{{Password}}","name":{{nameJson}}}""")), 400);
        Assert.True(problem.GetProperty("errors").TryGetProperty("name", out _), problem.ToString());
        var list = await JsonAsync(await host.Client.GetAsync("/api/v1/tokens"));
        Assert.Equal(1, list.GetArrayLength()); // only setup's
    }

    [Fact]
    public async Task ListTokens_SetupCliAndSession_ShapeCurrentAndNoSecrets()
    {
        var (host, _) = await StartAsync();
        await using var hostLease = host;
        var cli = await JsonAsync(await host.Client.PostAsync("/api/v1/auth/token", ApiHost.Json($$"""{"password":"{{Password}}","name":"ci"}""")));
        var signIn = await host.Client.PostAsync("/api/v1/auth/session", ApiHost.Json($$"""{"password":"{{Password}}"}"""));
        Assert.Equal(HttpStatusCode.OK, signIn.StatusCode);

        var r = await host.Client.GetAsync("/api/v1/tokens");
        var body = await r.Content.ReadAsStringAsync();
        var list = await JsonAsync(r);
        Assert.DoesNotContain(cli.GetProperty("token").GetString()!, body);
        Assert.DoesNotContain("hash", body);
        var entries = list.EnumerateArray().ToDictionary(e => e.GetProperty("name").GetString()!);
        Assert.Equal(["ci", "dashboard session", "setup"], entries.Keys.Order());
        foreach (var e in entries.Values)
        {
            foreach (var field in new[] { "id", "name", "created_at", "last_used_at", "expires_at", "current" })
                Assert.True(e.TryGetProperty(field, out _), $"{field} missing in {e}");
        }
        Assert.True(entries["setup"].GetProperty("current").GetBoolean()); // the host's client uses setup's token
        Assert.False(entries["ci"].GetProperty("current").GetBoolean());
        Assert.Equal(JsonValueKind.Null, entries["ci"].GetProperty("expires_at").ValueKind);
        Assert.Equal(JsonValueKind.Null, entries["ci"].GetProperty("last_used_at").ValueKind);
        Assert.Equal("session", entries["dashboard session"].GetProperty("kind").GetString());
        Assert.Equal(JsonValueKind.String, entries["dashboard session"].GetProperty("expires_at").ValueKind);
        Assert.Equal(JsonValueKind.String, entries["setup"].GetProperty("last_used_at").ValueKind);

        // Asked with the ci token, that one is current.
        var asCi = await JsonAsync(await host.Client.SendAsync(As(cli.GetProperty("token").GetString()!, HttpMethod.Get, "/api/v1/tokens")));
        Assert.True(asCi.EnumerateArray().Single(e => e.GetProperty("name").GetString() == "ci").GetProperty("current").GetBoolean());
        Assert.Single(asCi.EnumerateArray(), e => e.GetProperty("current").GetBoolean());
    }

    [Fact]
    public async Task DeleteToken_Revoked_401OnItsVeryNextRequest()
    {
        var (host, _) = await StartAsync();
        await using var hostLease = host;
        var cli = await JsonAsync(await host.Client.PostAsync("/api/v1/auth/token", ApiHost.Json($$"""{"password":"{{Password}}","name":"ci"}""")));
        var token = cli.GetProperty("token").GetString()!;
        Assert.Equal(HttpStatusCode.OK, (await host.Client.SendAsync(As(token, HttpMethod.Get, "/api/v1/apps"))).StatusCode);

        var deleted = await host.Client.DeleteAsync($"/api/v1/tokens/{cli.GetProperty("id").GetInt64()}");
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        await ApiHost.ProblemAsync(await host.Client.SendAsync(As(token, HttpMethod.Get, "/api/v1/apps")), 401);
        Assert.DoesNotContain((await JsonAsync(await host.Client.GetAsync("/api/v1/tokens"))).EnumerateArray(),
            e => e.GetProperty("name").GetString() == "ci");
    }

    [Theory]
    [InlineData("999")]
    [InlineData("abc")]
    [InlineData("-1")]
    public async Task DeleteToken_UnknownId_404NamingIt(string id)
    {
        var (host, _) = await StartAsync();
        await using var hostLease = host;
        var problem = await ApiHost.ProblemAsync(await host.Client.DeleteAsync($"/api/v1/tokens/{id}"), 404);
        Assert.Contains($"'{id}'", problem.GetProperty("detail").GetString());
        Assert.True(problem.GetProperty("errors").TryGetProperty("id", out _));
    }

    [Fact]
    public async Task DeleteToken_DashboardSession_CookieSignedOut()
    {
        var (host, _) = await StartAsync();
        await using var hostLease = host;
        using var browser = new HttpClient(new SocketsHttpHandler { UseCookies = false }) { BaseAddress = host.BaseAddress };
        var signIn = await browser.PostAsync("/api/v1/auth/session", ApiHost.Json($$"""{"password":"{{Password}}"}"""));
        var cookie = signIn.Headers.GetValues("Set-Cookie").Single().Split(';')[0];
        var withCookie = () =>
        {
            var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/apps");
            request.Headers.Add("Cookie", cookie);
            return browser.SendAsync(request);
        };
        Assert.Equal(HttpStatusCode.OK, (await withCookie()).StatusCode);
        var session = (await JsonAsync(await host.Client.GetAsync("/api/v1/tokens"))).EnumerateArray()
            .Single(e => e.GetProperty("kind").GetString() == "session");
        Assert.Equal(HttpStatusCode.NoContent, (await host.Client.DeleteAsync($"/api/v1/tokens/{session.GetProperty("id").GetInt64()}")).StatusCode);
        await ApiHost.ProblemAsync(await withCookie(), 401);
    }

    [Fact]
    public async Task LastUsedAt_ManyRequests_WrittenAtMostOncePerMinute()
    {
        var (host, time) = await StartAsync();
        await using var hostLease = host;
        var db = host.Host.Services.GetRequiredService<HiyDatabase>();
        var lastUsed = () => db.Read(c => c.Command("SELECT last_used_at FROM api_tokens WHERE name = 'setup'").ExecuteScalar() as string);

        Assert.Equal(HttpStatusCode.OK, (await host.Client.GetAsync("/api/v1/apps")).StatusCode);
        var first = lastUsed();
        Assert.NotNull(first);
        time.Advance(TimeSpan.FromSeconds(30));
        for (var i = 0; i < 5; i++)
            Assert.Equal(HttpStatusCode.OK, (await host.Client.GetAsync("/api/v1/apps")).StatusCode);
        Assert.Equal(first, lastUsed()); // within the minute: no write

        time.Advance(TimeSpan.FromSeconds(31));
        Assert.Equal(HttpStatusCode.OK, (await host.Client.GetAsync("/api/v1/apps")).StatusCode);
        Assert.Equal(time.GetUtcNow(), Clock.Parse(lastUsed()!), TimeSpan.FromMilliseconds(1));
    }

    [Fact]
    public async Task PostToken_SameNameAgain_ReplacesTheEarlierToken()
    {
        var (host, _) = await StartAsync();
        await using var hostLease = host;
        var first = await JsonAsync(await host.Client.PostAsync("/api/v1/auth/token", ApiHost.Json($$"""{"password":"{{Password}}","name":"cli@pi"}""")));
        var second = await JsonAsync(await host.Client.PostAsync("/api/v1/auth/token", ApiHost.Json($$"""{"password":"{{Password}}","name":"cli@pi"}""")));
        await ApiHost.ProblemAsync(await host.Client.SendAsync(As(first.GetProperty("token").GetString()!, HttpMethod.Get, "/api/v1/apps")), 401);
        Assert.Equal(HttpStatusCode.OK, (await host.Client.SendAsync(As(second.GetProperty("token").GetString()!, HttpMethod.Get, "/api/v1/apps"))).StatusCode);
        var list = await JsonAsync(await host.Client.GetAsync("/api/v1/tokens"));
        Assert.Single(list.EnumerateArray(), e => e.GetProperty("name").GetString() == "cli@pi");
    }

    [Fact]
    public async Task Sessions_Expired_RemovedAndNotListed()
    {
        var (host, time) = await StartAsync();
        await using var hostLease = host;
        Assert.Equal(HttpStatusCode.OK, (await host.Client.PostAsync("/api/v1/auth/session", ApiHost.Json($$"""{"password":"{{Password}}"}"""))).StatusCode);
        time.Advance(DashboardSessions.Lifetime + TimeSpan.FromMinutes(1));
        var list = await JsonAsync(await host.Client.GetAsync("/api/v1/tokens"));
        Assert.DoesNotContain(list.EnumerateArray(), e => e.GetProperty("kind").GetString() == "session");
        var db = host.Host.Services.GetRequiredService<HiyDatabase>();
        Assert.Equal(0L, db.Read(c => c.Command("SELECT count(*) FROM api_tokens WHERE kind = 'session'").ExecuteScalar()));
    }

    [Fact]
    public async Task Tokens_WithoutCredentials_401()
    {
        var (host, _) = await StartAsync();
        await using var hostLease = host;
        using var anonymous = new HttpClient { BaseAddress = host.BaseAddress };
        await ApiHost.ProblemAsync(await anonymous.GetAsync("/api/v1/tokens"), 401);
        await ApiHost.ProblemAsync(await anonymous.DeleteAsync("/api/v1/tokens/1"), 401);
    }
}
