using Microsoft.Extensions.Logging;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Hiy.Tests.Web.Api;

public class SetupApiTests
{
    [Fact]
    public async Task Health_ListenerUp_Returns200Ok()
    {
        await using var h = await ApiHost.StartAsync();
        Assert.Equal("""{"status":"ok"}""", await h.Client.GetStringAsync("/health"));
    }

    [Fact]
    public async Task Ready_DockerMissing_Returns503NamingTheSocket()
    {
        await using var h = await ApiHost.StartAsync();
        var response = await h.Client.GetAsync("/ready");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        var checks = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("checks");
        Assert.Equal("ok", checks.GetProperty("sqlite").GetString());
        Assert.Contains("/nonexistent/docker.sock", checks.GetProperty("docker").GetString());
    }

    [Fact]
    public async Task ApiRoutes_BeforeSetup_Answer403PointingAtWizard()
    {
        await using var h = await ApiHost.StartAsync();
        var doc = await ApiHost.ProblemAsync(await h.Client.GetAsync("/api/v1/apps"), 403);
        Assert.Contains("setup wizard", doc.GetProperty("detail").GetString());
        await ApiHost.ProblemAsync(await h.Client.PostAsync("/api/v1/auth/token", ApiHost.Json("""{"password":"x"}""")), 403);
    }

    [Fact]
    public async Task Setup_Get_ReportsNotCompletedThenCompleted()
    {
        await using var h = await ApiHost.StartAsync();
        var before = JsonDocument.Parse(await h.Client.GetStringAsync("/api/v1/setup")).RootElement;
        Assert.False(before.GetProperty("completed").GetBoolean());
        Assert.True(before.GetProperty("setup_code_required").GetBoolean()); // always: issue 13 item 6
        await h.SetupAsync();
        var after = JsonDocument.Parse(await h.Client.GetStringAsync("/api/v1/setup")).RootElement;
        Assert.True(after.GetProperty("completed").GetBoolean());
        Assert.Equal("example.com", after.GetProperty("domain").GetString());
    }

    [Fact]
    public async Task Setup_Twice_SecondAnswers409()
    {
        await using var h = await ApiHost.StartAsync();
        await h.SetupAsync();
        await ApiHost.ProblemAsync(await h.Client.PostAsync("/api/v1/setup",
            ApiHost.Json("""{"admin_password":"another password","domain":"evil.com"}""")), 409);
    }

    [Fact]
    public async Task Setup_Token_AuthenticatesLaterRequests()
    {
        await using var h = await ApiHost.StartAsync();
        var token = await h.SetupAsync();
        h.Client.DefaultRequestHeaders.Authorization = null;
        await ApiHost.ProblemAsync(await h.Client.GetAsync("/api/v1/nothing-here"), 401);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/nothing-here");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        // Authenticated: past the gate, to the API's own 404.
        await ApiHost.ProblemAsync(await h.Client.SendAsync(request), 404);
        using var bad = new HttpRequestMessage(HttpMethod.Get, "/api/v1/nothing-here");
        bad.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "hiy_forged");
        await ApiHost.ProblemAsync(await h.Client.SendAsync(bad), 401);
    }

    [Fact]
    public async Task Setup_InvalidFields_Answers422WithEveryError()
    {
        await using var h = await ApiHost.StartAsync();
        var doc = await ApiHost.ProblemAsync(await h.Client.PostAsync("/api/v1/setup",
            ApiHost.Json($$"""{"admin_password":"short","domain":"bad domain","setup_code":"{{h.SetupCode}}"}""")), 422);
        var errors = doc.GetProperty("errors");
        Assert.True(errors.TryGetProperty("admin_password", out _));
        Assert.True(errors.TryGetProperty("domain", out _));
        Assert.False(JsonDocument.Parse(await h.Client.GetStringAsync("/api/v1/setup")).RootElement.GetProperty("completed").GetBoolean());
    }

    [Theory]
    [InlineData("{not json", 400, "invalid JSON")]
    [InlineData("""{"admin_password": 5}""", 400, "admin_password")]
    [InlineData("""{"admin_pasword": "x"}""", 400, "admin_pasword")]
    [InlineData("null", 400, "JSON object")]
    public async Task Setup_MalformedBody_Answers400NamingTheProblem(string body, int status, string mention)
    {
        await using var h = await ApiHost.StartAsync();
        var doc = await ApiHost.ProblemAsync(await h.Client.PostAsync("/api/v1/setup", ApiHost.Json(body)), status);
        Assert.Contains(mention, doc.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Setup_WrongContentType_Answers415()
    {
        await using var h = await ApiHost.StartAsync();
        await ApiHost.ProblemAsync(await h.Client.PostAsync("/api/v1/setup", new StringContent("{}", Encoding.UTF8, "text/plain")), 415);
    }

    [Fact]
    public async Task Setup_OversizedBody_Answers413()
    {
        await using var h = await ApiHost.StartAsync();
        var huge = "{\"admin_password\":\"" + new string('x', 2 << 20) + "\"}";
        await ApiHost.ProblemAsync(await h.Client.PostAsync("/api/v1/setup", ApiHost.Json(huge)), 413);
        // The same body streamed without a length is cut off while reading.
        var chunked = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(huge)));
        chunked.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/setup") { Content = chunked };
        request.Headers.TransferEncodingChunked = true;
        await ApiHost.ProblemAsync(await h.Client.SendAsync(request), 413);
    }

    [Fact]
    public async Task Setup_WrongSetupCode_Answers403ThenThrottles()
    {
        await using var h = await ApiHost.StartAsync(setupCode: "ABCD-EFGH");
        Assert.True(JsonDocument.Parse(await h.Client.GetStringAsync("/api/v1/setup")).RootElement.GetProperty("setup_code_required").GetBoolean());
        const string body = """{"admin_password":"correct horse battery","domain":"example.com","setup_code":"WRONG"}""";
        for (var i = 0; i < 6; i++)
            await ApiHost.ProblemAsync(await h.Client.PostAsync("/api/v1/setup", ApiHost.Json(body)), 403);
        var throttled = await h.Client.PostAsync("/api/v1/setup", ApiHost.Json(body.Replace("WRONG", "ABCD-EFGH")));
        await ApiHost.ProblemAsync(throttled, 429);
        Assert.NotNull(throttled.Headers.RetryAfter);
    }

    [Fact]
    public async Task Setup_RightSetupCode_Succeeds()
    {
        await using var h = await ApiHost.StartAsync(setupCode: "ABCD-EFGH");
        await ApiHost.ProblemAsync(await h.Client.PostAsync("/api/v1/setup",
            ApiHost.Json("""{"admin_password":"correct horse battery","domain":"example.com"}""")), 403);
        await h.SetupAsync(extra: ""","setup_code":"ABCD-EFGH" """);
    }

    [Fact]
    public async Task Setup_NoCodeConfigured_GeneratesOneLogsItAndRequiresIt()
    {
        using var dir = new TempDir();
        var logged = new CapturedLog();
        string code;
        await using (var h = await ApiHost.StartAsync(dir.Path, configure: c => c with { SetupCode = null }, logging: l => l.AddProvider(logged)))
        {
            code = h.SetupCode;
            Assert.Matches("^[A-HJKMNP-Z2-9]{4}(-[A-HJKMNP-Z2-9]{4}){3}$", code);
            Assert.Contains(logged.Lines, line => line.Message.Contains(code, StringComparison.Ordinal) && line.Message.Contains("setup is pending", StringComparison.Ordinal));
            Assert.True(JsonDocument.Parse(await h.Client.GetStringAsync("/api/v1/setup")).RootElement.GetProperty("setup_code_required").GetBoolean());
            // The README's own `hiy serve`: the first visitor without the code does not own the appliance.
            var doc = await ApiHost.ProblemAsync(await h.Client.PostAsync("/api/v1/setup",
                ApiHost.Json("""{"admin_password":"correct horse battery","domain":"example.com"}""")), 403);
            Assert.Contains("log", doc.GetProperty("detail").GetString());
        }
        // The same code on the next start (sealed in the database, never in clear).
        await using (var h = await ApiHost.StartAsync(dir.Path, configure: c => c with { SetupCode = null }))
        {
            Assert.Equal(code, h.SetupCode);
            await h.SetupAsync();
        }
        foreach (var f in Directory.GetFiles(dir.Path, "hiy.db*"))
            Assert.DoesNotContain(code, Encoding.Latin1.GetString(File.ReadAllBytes(f)));
    }

    [Theory]
    [InlineData("rebind.attacker.example")]
    [InlineData("127.0.0.1.nip.io:80")]
    public async Task Setup_ForeignHost_GetsTheAppRouters404AndSetupStaysOpen(string host)
    {
        await using var h = await ApiHost.StartAsync();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/setup")
        {
            Content = ApiHost.Json($$"""{"admin_password":"correct horse battery","domain":"example.com","setup_code":"{{h.SetupCode}}"}"""),
        };
        request.Headers.Host = host;
        var response = await h.Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.False(JsonDocument.Parse(await h.Client.GetStringAsync("/api/v1/setup")).RootElement.GetProperty("completed").GetBoolean());
    }

    [Fact]
    public async Task ControlHosts_Configured_ServeTheControlPlane()
    {
        await using var h = await ApiHost.StartAsync(configure: c => c with { ControlHosts = ["pi.home.arpa"] });
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/setup");
        request.Headers.Host = "pi.home.arpa";
        Assert.Equal(HttpStatusCode.OK, (await h.Client.SendAsync(request)).StatusCode);
    }

    [Fact]
    public async Task AuthToken_PasswordRightOrWrong_TokenOr401()
    {
        await using var h = await ApiHost.StartAsync();
        await h.SetupAsync("my admin password");
        await ApiHost.ProblemAsync(await h.Client.PostAsync("/api/v1/auth/token", ApiHost.Json("""{"password":"nope"}""")), 401);
        await ApiHost.ProblemAsync(await h.Client.PostAsync("/api/v1/auth/token", ApiHost.Json("{}")), 400);
        var ok = await h.Client.PostAsync("/api/v1/auth/token", ApiHost.Json("""{"password":"my admin password"}"""));
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.StartsWith("hiy_", JsonDocument.Parse(await ok.Content.ReadAsStringAsync()).RootElement.GetProperty("token").GetString());
    }

    [Fact]
    public async Task Setup_SurvivesRestart_AndKeepsSecretsSealed()
    {
        using var dir = new TempDir();
        await using (var h = await ApiHost.StartAsync(dir.Path))
            await h.SetupAsync(extra: ""","cloudflare_api_token":"CFTOKEN-secret-123","cloudflare_zone_id":"0123456789abcdef0123456789abcdef","github_webhook_secret":"GHSECRET-0123456789" """);
        await using (var h = await ApiHost.StartAsync(dir.Path))
        {
            Assert.True(JsonDocument.Parse(await h.Client.GetStringAsync("/api/v1/setup")).RootElement.GetProperty("completed").GetBoolean());
            var ok = await h.Client.PostAsync("/api/v1/auth/token", ApiHost.Json("""{"password":"correct horse battery"}"""));
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        }
        foreach (var f in Directory.GetFiles(dir.Path, "hiy.db*"))
        {
            var raw = Encoding.Latin1.GetString(File.ReadAllBytes(f));
            Assert.DoesNotContain("CFTOKEN", raw);
            Assert.DoesNotContain("GHSECRET", raw);
            Assert.DoesNotContain("correct horse", raw);
        }
    }

    [Fact]
    public async Task AppHost_NoSuchApp_Answers404NamingIt()
    {
        await using var h = await ApiHost.StartAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/");
        request.Headers.Host = "blog.localhost";
        var response = await h.Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("no app or site named &#39;blog&#39;", await response.Content.ReadAsStringAsync());
    }
}
