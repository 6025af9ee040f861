using System.Net;
using System.Text;
using System.Text.Json;

namespace Hiy.Tests.Web.Api;

/// <summary>Env masking, the reveal and .env text on PUT, against a real hiy over HTTP (an app never deployed: no restart).</summary>
public class EnvApiTests
{
    private static async Task<ApiHost> StartWithAppAsync(string app = "blog")
    {
        var host = await ApiHost.StartAsync();
        await host.SetupAsync();
        Assert.Equal(HttpStatusCode.Created, (await host.Client.PostAsync("/api/v1/apps", ApiHost.Json($$"""{"name":"{{app}}"}"""))).StatusCode);
        return host;
    }

    private static StringContent Text(string text, string mediaType = "text/plain") => new(text, Encoding.UTF8, mediaType);

    private static async Task<JsonElement> JsonAsync(HttpResponseMessage r, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var body = await r.Content.ReadAsStringAsync();
        Assert.True(r.StatusCode == expected, $"expected {expected}, got {r.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement;
    }

    [Fact]
    public async Task GetMasked_SortedKeysWithLengthsAndNoValues()
    {
        await using var h = await StartWithAppAsync();
        await JsonAsync(await h.Client.PutAsync("/api/v1/apps/blog/env", ApiHost.Json("""{"ZED":"last-secret","ALPHA":"α1","MID":""}""")));
        var r = await h.Client.GetAsync("/api/v1/apps/blog/env?masked=true");
        var body = await r.Content.ReadAsStringAsync();
        var list = await JsonAsync(r);
        Assert.Equal(["ALPHA", "MID", "ZED"], list.EnumerateArray().Select(e => e.GetProperty("key").GetString()));
        Assert.Equal([2, 0, 11], list.EnumerateArray().Select(e => e.GetProperty("length").GetInt32()));
        Assert.DoesNotContain("last-secret", body);
        Assert.DoesNotContain("value", body);

        // Without the flag the values stay available for the CLI's env:get.
        Assert.Equal("last-secret", (await JsonAsync(await h.Client.GetAsync("/api/v1/apps/blog/env"))).GetProperty("ZED").GetString());
        await ApiHost.ProblemAsync(await h.Client.GetAsync("/api/v1/apps/blog/env?masked=maybe"), 400);
    }

    [Fact]
    public async Task GetOne_KnownKeyRevealedUnknown404NamingIt()
    {
        await using var h = await StartWithAppAsync();
        await JsonAsync(await h.Client.PutAsync("/api/v1/apps/blog/env", ApiHost.Json("""{"TOKEN":"s3cr3t"}""")));
        var r = await h.Client.GetAsync("/api/v1/apps/blog/env/TOKEN");
        Assert.Equal("no-store", r.Headers.CacheControl?.ToString());
        var one = await JsonAsync(r);
        Assert.Equal("TOKEN", one.GetProperty("key").GetString());
        Assert.Equal("s3cr3t", one.GetProperty("value").GetString());

        var problem = await ApiHost.ProblemAsync(await h.Client.GetAsync("/api/v1/apps/blog/env/NOPE"), 404);
        Assert.Contains("'NOPE'", problem.GetProperty("detail").GetString());
        Assert.True(problem.GetProperty("errors").TryGetProperty("key", out _));
        await ApiHost.ProblemAsync(await h.Client.GetAsync("/api/v1/apps/ghost/env/TOKEN"), 404);
    }

    [Fact]
    public async Task PutText_DotEnvFile_MergedLikeJson()
    {
        await using var h = await StartWithAppAsync();
        await JsonAsync(await h.Client.PutAsync("/api/v1/apps/blog/env", ApiHost.Json("""{"KEEP":"old","DB":"old"}""")));
        var text = "# production\nexport DB=\"postgres://db/app\\nline2\"\nQUOTED='$literal # not a comment'\n\nPLAIN=value # comment\r\n";
        var env = await JsonAsync(await h.Client.PutAsync("/api/v1/apps/blog/env", Text(text)));
        Assert.Equal("old", env.GetProperty("KEEP").GetString());
        Assert.Equal("postgres://db/app\nline2", env.GetProperty("DB").GetString());
        Assert.Equal("$literal # not a comment", env.GetProperty("QUOTED").GetString());
        Assert.Equal("value", env.GetProperty("PLAIN").GetString());
    }

    [Fact]
    public async Task PutText_BadLines_422NamingLineAndKeyNothingStored()
    {
        await using var h = await StartWithAppAsync();
        var problem = await ApiHost.ProblemAsync(
            await h.Client.PutAsync("/api/v1/apps/blog/env", Text("GOOD=1\n1BAD=x\nnot a line\nPORT=80\nQ='open\n")), 422);
        var errors = problem.GetProperty("errors");
        Assert.Contains("1BAD", errors.GetProperty("line 2").GetString());
        Assert.Contains("KEY=value", errors.GetProperty("line 3").GetString());
        Assert.Contains("PORT", errors.GetProperty("line 4").GetString());
        Assert.Contains("Q", errors.GetProperty("line 5").GetString());
        Assert.Contains("line 2", problem.GetProperty("detail").GetString());
        Assert.Equal(0, (await JsonAsync(await h.Client.GetAsync("/api/v1/apps/blog/env?masked=true"))).GetArrayLength());
    }

    [Fact]
    public async Task PutText_NotUtf8_400AndOtherMediaType415()
    {
        await using var h = await StartWithAppAsync();
        var bytes = new ByteArrayContent([(byte)'K', (byte)'=', 0xff, 0xfe]);
        bytes.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("text/plain");
        await ApiHost.ProblemAsync(await h.Client.PutAsync("/api/v1/apps/blog/env", bytes), 400);
        await ApiHost.ProblemAsync(await h.Client.PutAsync("/api/v1/apps/blog/env", Text("K=v", "text/csv")), 415);
    }

    [Fact]
    public async Task PutJson_NullValue_422NamingTheKey()
    {
        await using var h = await StartWithAppAsync();
        var problem = await ApiHost.ProblemAsync(await h.Client.PutAsync("/api/v1/apps/blog/env", ApiHost.Json("""{"K":null}""")), 422);
        Assert.True(problem.GetProperty("errors").TryGetProperty("K", out _));
    }

    [Fact]
    public async Task AppObject_GitAndWebhookUrls_OnTheCallersHost()
    {
        await using var h = await StartWithAppAsync();
        var port = h.BaseAddress.Port;
        var app = await JsonAsync(await h.Client.GetAsync("/api/v1/apps/blog"));
        Assert.Equal($"http://127.0.0.1:{port}/git/blog.git", app.GetProperty("git_url").GetString());
        Assert.Equal($"http://127.0.0.1:{port}/hooks/github", app.GetProperty("webhook_url").GetString());

        var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/apps");
        request.Headers.Host = $"localhost:{port}";
        var list = await JsonAsync(await h.Client.SendAsync(request));
        var listed = Assert.Single(list.GetProperty("apps").EnumerateArray());
        Assert.Equal($"http://localhost:{port}/git/blog.git", listed.GetProperty("git_url").GetString());
        Assert.Equal($"http://localhost:{port}/hooks/github", listed.GetProperty("webhook_url").GetString());
    }
}
