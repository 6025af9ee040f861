using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace Hiy.Tests.Web;

/// <summary>
/// Issue 13 items 3 and 4: bad framing, bad Host forms and nulls where strings belong are the client's fault — a 4xx
/// naming what was wrong, one warning line at most, never a stack-traced 500.
/// </summary>
public class HostileInputTests
{
    private static async Task<(ApiHost Host, CapturedLog Log, int Port)> StartAsync(bool setUp = true)
    {
        var log = new CapturedLog();
        var h = await ApiHost.StartAsync(logging: l => l.AddProvider(log));
        if (setUp)
            await h.SetupAsync();
        return (h, log, h.BaseAddress.Port);
    }

    private static void AssertNoTrace(CapturedLog log, string what)
    {
        var bad = log.Lines.Where(l => l.HasException || l.Level >= LogLevel.Error).ToList();
        Assert.True(bad.Count == 0, $"{what}: logged {string.Join(" | ", bad)}");
    }

    [Theory]
    [InlineData("app.example.com...")]
    [InlineData("app.example.com:99999")]
    [InlineData("xn--app-.example.com")]
    [InlineData("xn--app-.localhost")]
    [InlineData("xn--.example.com")]
    [InlineData("a..b")]
    public async Task BadHost_AnyForm_4xxNoTrace(string host)
    {
        var (h, log, port) = await StartAsync(setUp: false);
        await using var _ = h;
        var reply = await RawHttp.SendAsync(port, $"GET / HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n");
        Assert.True(reply.Status is >= 400 and < 500, $"Host {host}: {reply}");
        AssertNoTrace(log, host);
    }

    [Theory]
    // /hooks/github without a secret is 401 from the headers alone: the bad body is never read (issue 13 item 1)
    [InlineData("/hooks/github", false, 401)]
    [InlineData("/api/v1/auth/token", false, 400)]
    [InlineData("/api/v1/auth/session", false, 400)]
    [InlineData("/api/v1/apps", true, 400)]
    public async Task MalformedChunk_Route_4xxOneWarningNoTrace(string path, bool withToken, int status)
    {
        var (h, log, port) = await StartAsync();
        await using var _ = h;
        log.Clear();
        var auth = withToken ? $"Authorization: {h.Client.DefaultRequestHeaders.Authorization}\r\n" : "";
        var reply = await RawHttp.SendAsync(port,
            $"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n{auth}Content-Type: application/json\r\nX-GitHub-Event: push\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\nzz\r\n");
        Assert.True(reply.Status == status, $"{path}: {reply}");
        AssertNoTrace(log, path);
        Assert.Single(log.Lines, l => l.Level == LogLevel.Warning);
    }

    [Fact]
    public async Task StalledBody_SignIn_408NoTrace()
    {
        var (h, log, port) = await StartAsync();
        await using var _ = h;
        log.Clear();
        // Content-Length promises 100 bytes, 2 arrive, then nothing: Kestrel's minimum body rate gives up after its grace.
        var reply = await RawHttp.SendAsync(port,
            "POST /api/v1/auth/token HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"", TimeSpan.FromSeconds(30));
        Assert.True(reply.Status is 408 or 400, $"stalled body: {reply}");
        AssertNoTrace(log, "stalled body");
    }

    [Fact]
    public async Task EnvPut_NullValue_422NamingTheKey()
    {
        var (h, log, _) = await StartAsync();
        await using var __ = h;
        Assert.Equal(HttpStatusCode.Created, (await h.Client.PostAsync("/api/v1/apps", ApiHost.Json("""{"name":"nulls"}"""))).StatusCode);
        var doc = await ApiHost.ProblemAsync(await h.Client.PutAsync("/api/v1/apps/nulls/env", ApiHost.Json("""{"K":null,"OK":"v"}""")), 422);
        Assert.True(doc.GetProperty("errors").TryGetProperty("K", out _));
        // Nothing of the refused request was stored, not even its valid half.
        Assert.DoesNotContain("\"OK\"", await h.Client.GetStringAsync("/api/v1/apps/nulls/env"));
        AssertNoTrace(log, "env null");
    }

    [Fact]
    public async Task SshPut_NullKey_422NamingTheIndex()
    {
        var (h, log, _) = await StartAsync();
        await using var __ = h;
        var doc = await ApiHost.ProblemAsync(await h.Client.PutAsync("/api/v1/system/ssh",
            ApiHost.Json("""{"enabled":false,"authorized_keys":[null]}""")), 422);
        Assert.True(doc.GetProperty("errors").TryGetProperty("authorized_keys[0]", out _));
        AssertNoTrace(log, "ssh null");
    }

    [Fact]
    public async Task SiteUpload_TenGigabyteContentLength_413BeforeReading()
    {
        var (h, log, port) = await StartAsync();
        await using var _ = h;
        var reply = await RawHttp.SendAsync(port,
            $"PUT /api/v1/sites/huge/versions/1 HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: {h.Client.DefaultRequestHeaders.Authorization}\r\n" +
            "Content-Type: application/gzip\r\nContent-Length: 10737418240\r\nConnection: close\r\n\r\n\u001f\u008b");
        Assert.True(reply.Status == 413, reply.ToString());
        Assert.Contains("Content-Length", reply.Body);
        Assert.False(Directory.Exists(Path.Combine(h.DataDir, "sites", "huge")));
        AssertNoTrace(log, "10 GB upload");
    }


    [Fact]
    public async Task SetupCode_SixtyParallelGuesses_AtMostTheFreeAttemptsChecked()
    {
        var (h, log, _) = await StartAsync(setUp: false);
        await using var __ = h;
        var counts = await h.ParallelPostAsync(60, "/api/v1/setup", """{"admin_password":"correct horse battery","domain":"example.com","setup_code":"GUESS-GUESS"}""");
        var shown = string.Join(", ", counts.Select(c => $"{c.Value}x{c.Key}"));
        Console.WriteLine($"hostile: 60 parallel setup-code guesses -> {shown}");
        // The limit a serial guesser meets too: the free attempts, then one whose failure starts the delay.
        Assert.True(counts.GetValueOrDefault(403) <= Hiy.Web.Auth.AttemptThrottle.FreeAttempts + 1, shown);
        Assert.Equal(60, counts.GetValueOrDefault(403) + counts.GetValueOrDefault(429));
        AssertNoTrace(log, "parallel setup codes");
    }

    [Fact]
    public async Task SignIn_FiftyParallelWrongPasswords_AtMostTheFreeAttemptsCheckedNo5xx()
    {
        var (h, log, _) = await StartAsync();
        await using var __ = h;
        var counts = await h.ParallelPostAsync(50, "/api/v1/auth/token", """{"password":"not the password"}""");
        var shown = string.Join(", ", counts.Select(c => $"{c.Value}x{c.Key}"));
        Console.WriteLine($"hostile: 50 parallel wrong passwords -> {shown}");
        Assert.True(counts.GetValueOrDefault(401) <= Hiy.Web.Auth.AttemptThrottle.FreeAttempts + 1, shown);
        Assert.Equal(50, counts.GetValueOrDefault(401) + counts.GetValueOrDefault(429));
        AssertNoTrace(log, "parallel sign-in");
    }

    [Fact]
    public async Task SignIn_UnknownUser_CostsAPasswordHashToo()
    {
        var (h, _, _) = await StartAsync();
        await using var __ = h;
        async Task<TimeSpan> TimeAsync(string json)
        {
            var watch = System.Diagnostics.Stopwatch.StartNew();
            using var r = await h.Client.PostAsync("/api/v1/auth/token", ApiHost.Json(json));
            Assert.Equal(HttpStatusCode.Unauthorized, r.StatusCode);
            return watch.Elapsed;
        }
        var known = await TimeAsync("""{"password":"wrong","username":"admin"}""");
        var unknown = await TimeAsync("""{"password":"wrong","username":"nobody-here"}""");
        Console.WriteLine($"hostile: wrong password for a known user {known.TotalMilliseconds:0} ms, for an unknown one {unknown.TotalMilliseconds:0} ms");
        // Generous: the machine is shared; before the fix the unknown user answered ~40x faster.
        Assert.True(unknown > known / 4, $"known {known.TotalMilliseconds:0} ms, unknown {unknown.TotalMilliseconds:0} ms");
    }

    [Theory]
    [InlineData("""[null]""", "null")]
    [InlineData("""["NET_RAW","NET_RAW"]""", "twice")]
    [InlineData("""["SYS_ADMIN"]""", "not allowed")]
    public async Task AppCreate_BadCapAdd_422NamingIt(string caps, string mention)
    {
        var (h, log, _) = await StartAsync();
        await using var __ = h;
        var doc = await ApiHost.ProblemAsync(await h.Client.PostAsync("/api/v1/apps", ApiHost.Json($$"""{"name":"caps","cap_add":{{caps}}}""")), 422);
        Assert.Contains(mention, doc.GetProperty("errors").GetProperty("cap_add").GetString());
        await ApiHost.ProblemAsync(await h.Client.GetAsync("/api/v1/apps/caps"), 404);
        AssertNoTrace(log, caps);
    }

    [Fact]
    public async Task AppCreate_TenThousandDuplicateCaps_422()
    {
        var (h, _, _) = await StartAsync();
        await using var __ = h;
        var caps = "[" + string.Join(",", Enumerable.Repeat("\"KILL\"", 10_000)) + "]";
        await ApiHost.ProblemAsync(await h.Client.PostAsync("/api/v1/apps", ApiHost.Json($$"""{"name":"caps","cap_add":{{caps}}}""")), 422);
    }
}
