using Hiy.Ops;
using Hiy.Ops.Alerts;

namespace Hiy.Tests.Ops.Alerts;

/// <summary>A channel's failure is logged, so its message must not carry the secret in its URL (the bot token, the hook path).</summary>
public class ChannelErrorTests
{
    [Fact]
    public async Task Telegram_Refused_ErrorHasTheDescriptionNotTheToken()
    {
        await using var server = await HttpReceiver.StartAsync();
        server.Answer = _ => (401, "application/json", """{"ok":false,"error_code":401,"description":"Unauthorized"}""");
        using var http = AlertChannels.CreateHttpClient();
        var channel = new TelegramChannel(http, server.Url, "999:very-secret-token", "42");

        var e = await Assert.ThrowsAsync<OpsException>(() => channel.SendAsync(new AlertMessage("t", "x"), default));

        Assert.Equal("telegram 127.0.0.1: answered 401 Unauthorized", e.Message);
        Assert.Equal("/bot999:very-secret-token/sendMessage", Assert.Single(server.Requests).Path);
    }

    [Fact]
    public async Task Webhook_ServerError_ErrorNamesTheHostOnly()
    {
        await using var server = await HttpReceiver.StartAsync();
        server.Answer = _ => (500, "text/plain", "boom");
        using var http = AlertChannels.CreateHttpClient();
        var channel = new WebhookChannel(http, new Uri(server.Url, "/services/T0/B0/hook-secret"));

        var e = await Assert.ThrowsAsync<OpsException>(() => channel.SendAsync(new AlertMessage("t", "x"), default));

        Assert.Equal("alert webhook 127.0.0.1: answered 500", e.Message);
    }
}
