using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using Hiy.Hardware;
using Hiy.Ops.Alerts;
using Hiy.Secrets;
using Hiy.Store;
using Microsoft.Extensions.Logging.Abstractions;

namespace Hiy.Tests.Ops.Alerts;

/// <summary>
/// One incident end to end on a manual clock: real uptime checks against a local HTTP server standing in for the proxy,
/// the store, and the three channels against local receivers (a webhook listener, a Telegram-API-shaped server, an SMTP
/// sink). An app down for more than 2 minutes, then back, is exactly one "down" and one "resolved" on each channel, also
/// across restarts of hiy in the middle of the incident and after it.
/// </summary>
public sealed class AlertDeliveryTests : IAsyncLifetime
{
    private const string BotToken = "123456:ABC-def";
    private readonly TempDir _dir = new();
    private readonly ManualTimeProvider _time = new();
    private readonly byte[] _key = RandomNumberGenerator.GetBytes(32);
    private HttpReceiver _proxy = null!;
    private HttpReceiver _webhook = null!;
    private HttpReceiver _telegram = null!;
    private readonly SmtpSink _smtp = new();
    private HiyDatabase? _db;

    public async Task InitializeAsync()
    {
        _proxy = await HttpReceiver.StartAsync();
        _webhook = await HttpReceiver.StartAsync();
        _telegram = await HttpReceiver.StartAsync();
        _telegram.Answer = _ => (200, "application/json", """{"ok":true,"result":{"message_id":1}}""");
    }

    /// <summary>hiy's part, as a start builds it: the database reopened, new services over it.</summary>
    private UptimeService Start(out UptimeChecker checker, AlertThresholds? thresholds = null)
    {
        _db?.Dispose();
        _db = HiyDatabase.Open(_dir.File("hiy.db"));
        var settings = new SettingsRepository(_db, new SecretBox(_key), _time);
        var apps = new AppRepository(_db, _time);
        var monitor = new AlertMonitor(new IncidentRepository(_db), new AlertSettingsStore(_db, settings),
            new AlertChannels(AlertChannels.CreateHttpClient(), _time), _time, NullLogger<AlertMonitor>.Instance)
        {
            // The machine running the test is not the subject: only the app's rule may fire.
            Thresholds = thresholds ?? new AlertThresholds { DiskUsedPercent = 101, MemoryUsedPercent = 101, SocTemperatureC = 1000 },
        };
        checker = new UptimeChecker(() => ("http", new IPEndPoint(IPAddress.Loopback, _proxy.Port)), _time);
        return new UptimeService(checker, new UptimeRepository(_db), apps, monitor, new SystemProbe("/", _dir.Path, _time),
            () => "example.com", () => [], () => null, _time, NullLogger<UptimeService>.Instance);
    }

    private void Seed()
    {
        var db = HiyDatabase.Open(_dir.File("hiy.db"));
        using (db)
        {
            var apps = new AppRepository(db, _time);
            var app = apps.Create(new AppRecord { Name = "blog" })!;
            apps.SetCurrentDeploy("blog", new DeployRepository(db, _time).Create(app, DeployTrigger.Git, "main").Id);
            apps.SetStatus("blog", AppStatus.Running);
            new AlertSettingsStore(db, new SettingsRepository(db, new SecretBox(_key), _time)).Save(new AlertSettings
            {
                WebhookUrl = new Uri(_webhook.Url, "/hooks/alerts").AbsoluteUri,
                TelegramBaseUrl = _telegram.Url.AbsoluteUri,
                TelegramToken = BotToken,
                TelegramChatId = "-1001234",
                SmtpHost = "127.0.0.1",
                SmtpPort = _smtp.Port,
                SmtpSecurity = "none",
                SmtpFrom = "hiy@example.com",
                SmtpTo = "owner@example.com, ops@example.com",
                SmtpUsername = "hiy",
                SmtpPassword = "smtp-secret",
            });
        }
    }

    private async Task StepAsync(UptimeService service)
    {
        await service.RunOnceAsync(default);
        _time.Advance(TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task AppDownOverTwoMinutesThenUp_OneDownAndOneResolvedOnEachChannel_AcrossRestarts()
    {
        Seed();
        _proxy.Answer = _ => (503, "text/html", "<h1>blog is starting</h1>");
        var service = Start(out var checker);
        for (var i = 0; i < 4; i++) // 0, 30, 60, 90 s: down, but not for 2 minutes yet
            await StepAsync(service);
        Assert.Empty(_webhook.Requests);

        await StepAsync(service); // 120 s
        Assert.Single(_webhook.Requests);
        await StepAsync(service); // 150 s: still the same incident
        checker.Dispose();

        service = Start(out checker); // hiy restarts while the app is still down
        await StepAsync(service);
        _proxy.Answer = _ => (200, "text/html", "<h1>blog</h1>");
        await StepAsync(service); // back up: resolved
        await StepAsync(service);
        checker.Dispose();
        service = Start(out checker); // and restarts once more after the incident
        await StepAsync(service);
        checker.Dispose();

        var webhook = _webhook.Requests.Select(r => JsonDocument.Parse(r.Body).RootElement).ToList();
        Assert.Equal(["hiy: app blog is down", "hiy: resolved: app blog is down"], webhook.Select(w => w.GetProperty("title").GetString()));
        Assert.All(_webhook.Requests, r => Assert.Equal(("POST", "/hooks/alerts"), (r.Method, r.Path)));
        Assert.All(webhook, w => Assert.Equal(w.GetProperty("text").GetString(), w.GetProperty("content").GetString()));
        Assert.Contains("app 'blog' is down", webhook[0].GetProperty("message").GetString());

        var telegram = _telegram.Requests.ToList();
        Assert.Equal(2, telegram.Count);
        Assert.All(telegram, r => Assert.Equal($"/bot{BotToken}/sendMessage", r.Path));
        Assert.All(telegram, r => Assert.Equal("-1001234", JsonDocument.Parse(r.Body).RootElement.GetProperty("chat_id").GetString()));
        Assert.StartsWith("hiy: resolved:", JsonDocument.Parse(telegram[1].Body).RootElement.GetProperty("text").GetString());

        Assert.Equal(["hiy: app blog is down", "hiy: resolved: app blog is down"], _smtp.Subjects());
        var mail = _smtp.Messages.First();
        Assert.Equal("hiy@example.com", mail.From);
        Assert.Equal(["owner@example.com", "ops@example.com"], mail.To);
        Assert.Contains("AUTH PLAIN " + Convert.ToBase64String("\0hiy\0smtp-secret"u8.ToArray()), mail.Commands);

        // Every check went through the "proxy" with the app's host name.
        Assert.All(_proxy.Requests, r => Assert.Equal($"blog.example.com:{_proxy.Port}", r.Host));
        var uptime = new UptimeRepository(_db!);
        Assert.Equal(10, uptime.Recent("blog", 100).Count);
        Assert.Equal(30.0, uptime.UptimePercent("blog", _time.GetUtcNow() - TimeSpan.FromHours(24)));
        Assert.Empty(new IncidentRepository(_db!).Open());
    }

    [Fact]
    public async Task ChannelFailsThenRecovers_SendsItsMessageLaterAndOthersOnlyOnce()
    {
        Seed();
        _proxy.Answer = _ => (502, "text/html", "bad gateway");
        _webhook.Answer = _ => (500, "text/plain", "down for maintenance");
        var service = Start(out var checker);
        for (var i = 0; i < 5; i++)
            await StepAsync(service);
        Assert.Single(_webhook.Requests); // tried, refused
        Assert.Single(_telegram.Requests);

        _webhook.Answer = _ => (204, "text/plain", "");
        await StepAsync(service);
        checker.Dispose();

        Assert.Equal(2, _webhook.Requests.Count); // the refused "down", once more, accepted
        Assert.Single(_telegram.Requests);
        Assert.Single(_smtp.Messages);
    }

    public async Task DisposeAsync()
    {
        _db?.Dispose();
        await _proxy.DisposeAsync();
        await _webhook.DisposeAsync();
        await _telegram.DisposeAsync();
        await _smtp.DisposeAsync();
        _dir.Dispose();
    }
}
