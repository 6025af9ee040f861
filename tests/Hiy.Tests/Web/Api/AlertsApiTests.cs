using System.Net;
using System.Text;
using System.Text.Json;
using Hiy.Ops.Alerts;
using Hiy.Store;
using Hiy.Tests.Ops.Alerts;
using Microsoft.Extensions.DependencyInjection;

namespace Hiy.Tests.Web.Api;

public class AlertsApiTests
{
    private const string BotToken = "987654:secret-bot-token";

    [Fact]
    public async Task Settings_PutSecrets_NeverReturnedNorClearInSqliteAndTestReachesEachChannel()
    {
        await using var webhook = await HttpReceiver.StartAsync();
        await using var telegram = await HttpReceiver.StartAsync();
        telegram.Answer = _ => (200, "application/json", """{"ok":true,"result":{}}""");
        await using var smtp = new SmtpSink();
        await using var h = await ApiHost.StartAsync();
        await h.SetupAsync();
        var hook = new Uri(webhook.Url, "/services/T000/B000/secret-hook-path").AbsoluteUri;

        var put = await h.Client.PutAsync("/api/v1/alerts/settings", ApiHost.Json($$$"""
            {"webhook":{"url":"{{{hook}}}"},
             "telegram":{"base_url":"{{{telegram.Url}}}","token":"{{{BotToken}}}","chat_id":"42"},
             "email":{"host":"127.0.0.1","port":{{{smtp.Port}}},"security":"none","from":"hiy@example.com","to":"me@example.com",
                      "username":"hiy","password":"smtp-pass-word"}}
            """));
        var body = await put.Content.ReadAsStringAsync();
        Assert.True(put.StatusCode == HttpStatusCode.OK, body);
        var got = await h.Client.GetStringAsync("/api/v1/alerts/settings");
        foreach (var secret in (string[])[BotToken, "smtp-pass-word", "secret-hook-path"])
        {
            Assert.DoesNotContain(secret, body);
            Assert.DoesNotContain(secret, got);
        }
        var view = JsonDocument.Parse(got).RootElement;
        Assert.True(view.GetProperty("webhook").GetProperty("configured").GetBoolean());
        Assert.Equal("127.0.0.1", view.GetProperty("webhook").GetProperty("host").GetString());
        Assert.True(view.GetProperty("telegram").GetProperty("token_configured").GetBoolean());
        Assert.True(view.GetProperty("email").GetProperty("password_configured").GetBoolean());
        Assert.Equal("42", view.GetProperty("telegram").GetProperty("chat_id").GetString());

        // Sealed at rest: not in the database file (nor its WAL) in clear.
        var files = Directory.GetFiles(h.DataDir, "hiy.db*").Select(f => Encoding.Latin1.GetString(ReadShared(f))).ToList();
        Assert.All(files, text => Assert.DoesNotContain(BotToken, text));
        Assert.All(files, text => Assert.DoesNotContain("smtp-pass-word", text));
        Assert.All(files, text => Assert.DoesNotContain("secret-hook-path", text));
        // …and known to the redactors.
        var held = h.Host.Services.GetRequiredService<HeldSecrets>().All();
        Assert.Contains(BotToken, held);
        Assert.Contains("smtp-pass-word", held);

        var test = JsonDocument.Parse(await (await h.Client.PostAsync("/api/v1/alerts/test", null)).Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(["webhook:True", "telegram:True", "email:True"],
            test.GetProperty("results").EnumerateArray().Select(r => r.GetProperty("channel").GetString() + ":" + r.GetProperty("ok").GetBoolean()));
        Assert.Equal("/services/T000/B000/secret-hook-path", Assert.Single(webhook.Requests).Path);
        Assert.Equal($"/bot{BotToken}/sendMessage", Assert.Single(telegram.Requests).Path);
        Assert.Equal(["hiy: test alert"], smtp.Subjects());

        // A field left out stays; "" clears, and a channel left half-set is refused by name.
        var clear = await h.Client.PutAsync("/api/v1/alerts/settings", ApiHost.Json("""{"telegram":{"chat_id":""}}"""));
        var problem = await ApiHost.ProblemAsync(clear, 422);
        Assert.True(problem.GetProperty("errors").TryGetProperty("telegram.chat_id", out _), problem.ToString());
    }

    [Theory]
    [InlineData("""{"webhook":{"url":"ftp://x"}}""", "webhook.url")]
    [InlineData("""{"email":{"host":"mail.example.com","port":70000,"from":"a@b.c","to":"d@e.f"}}""", "email.port")]
    [InlineData("""{"email":{"host":"mail.example.com","security":"ssl","from":"a@b.c","to":"d@e.f"}}""", "email.security")]
    [InlineData("""{"email":{"host":"mail.example.com","from":"a@b.c","to":"d@e.f\r\nRCPT TO:<x@y.z>"}}""", "email.to")]
    [InlineData("""{"email":{"host":"mail.example.com","from":"a@b.c"}}""", "email.to")]
    [InlineData("""{"email":{"from":"a@b.c","to":"d@e.f"}}""", "email.host")]
    [InlineData("""{"telegram":{"token":"12:ab/../x","chat_id":"1"}}""", "telegram.token")]
    [InlineData("""{"telegram":{"token":"12:ab"}}""", "telegram.chat_id")]
    public async Task Settings_BadField_422NamingIt(string json, string field)
    {
        await using var h = await ApiHost.StartAsync();
        await h.SetupAsync();
        var problem = await ApiHost.ProblemAsync(await h.Client.PutAsync("/api/v1/alerts/settings", ApiHost.Json(json)), 422);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
    }

    [Fact]
    public async Task Test_NoChannel_409AndUptime_ChecksAndPercentages()
    {
        await using var h = await ApiHost.StartAsync();
        await h.SetupAsync();
        await ApiHost.ProblemAsync(await h.Client.PostAsync("/api/v1/alerts/test", null), 409);

        Assert.Equal(HttpStatusCode.Created, (await h.Client.PostAsync("/api/v1/apps", ApiHost.Json("""{"name":"blog"}"""))).StatusCode);
        var now = DateTimeOffset.UtcNow;
        var uptime = h.Host.Services.GetRequiredService<UptimeRepository>();
        uptime.Add([new("blog", now.AddDays(-2), 503, false, 12), new("blog", now.AddMinutes(-1), 200, true, 8.25), new("blog", now, 200, true, 7)], now);

        var view = JsonDocument.Parse(await h.Client.GetStringAsync("/api/v1/apps/blog/uptime?limit=2")).RootElement;
        Assert.Equal(100, view.GetProperty("uptime_24h_percent").GetDouble());
        Assert.Equal(66.67, view.GetProperty("uptime_7d_percent").GetDouble());
        var checks = view.GetProperty("checks").EnumerateArray().ToList();
        Assert.Equal(2, checks.Count);
        Assert.Equal((200, true, 7.0), (checks[0].GetProperty("status").GetInt32(), checks[0].GetProperty("up").GetBoolean(), checks[0].GetProperty("latency_ms").GetDouble()));

        var bad = await ApiHost.ProblemAsync(await h.Client.GetAsync("/api/v1/apps/blog/uptime?limit=0"), 400);
        Assert.True(bad.GetProperty("errors").TryGetProperty("limit", out _));
        await ApiHost.ProblemAsync(await h.Client.GetAsync("/api/v1/apps/nope/uptime"), 404);
        var incidents = JsonDocument.Parse(await h.Client.GetStringAsync("/api/v1/alerts/incidents")).RootElement;
        Assert.Equal(JsonValueKind.Array, incidents.GetProperty("open").ValueKind);
    }

    [Fact]
    public async Task UptimeService_InTheHost_ChecksTheAppThroughItsOwnProxy()
    {
        await using var h = await ApiHost.StartAsync();
        await h.SetupAsync();
        Assert.Equal(HttpStatusCode.Created, (await h.Client.PostAsync("/api/v1/apps", ApiHost.Json("""{"name":"blog"}"""))).StatusCode);
        var apps = h.Host.Services.GetRequiredService<AppRepository>();
        var deploy = h.Host.Services.GetRequiredService<DeployRepository>().Create(apps.Find("blog")!, DeployTrigger.Git, "main");
        apps.SetCurrentDeploy("blog", deploy.Id);
        apps.SetStatus("blog", AppStatus.Running);
        h.Host.Services.GetRequiredService<Hiy.Runtime.RuntimeService>().RepublishRoutes();

        await h.Host.Services.GetRequiredService<UptimeService>().RunOnceAsync(default);

        // No container answers: the proxy's own 503 page for the app, reached by its host name, is a failed check.
        var check = Assert.Single(h.Host.Services.GetRequiredService<UptimeRepository>().Recent("blog", 10));
        Assert.Equal((503, false), (check.Status, check.Up));
        Assert.Equal("answered 503", check.Error);
    }

    private static byte[] ReadShared(string path)
    {
        using var f = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var ms = new MemoryStream();
        f.CopyTo(ms);
        return ms.ToArray();
    }
}
