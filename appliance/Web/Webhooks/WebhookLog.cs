namespace Hiy.Web.Webhooks;

/// <summary>Source-generated log lines of the webhook. The rejection line names the client (for fail2ban).</summary>
internal static partial class WebhookLog
{
    [LoggerMessage(EventId = 420, Level = LogLevel.Warning, Message = "github webhook rejected from {Client}: {Reason}")]
    public static partial void Rejected(ILogger logger, string client, string reason);

    [LoggerMessage(EventId = 421, Level = LogLevel.Information, Message = "github webhook delivery {Delivery} ignored: {Reason}")]
    public static partial void Ignored(ILogger logger, string delivery, string reason);

    [LoggerMessage(EventId = 422, Level = LogLevel.Information, Message = "github webhook: deploying {App} at {Sha} (delivery {Delivery})")]
    public static partial void Deploying(ILogger logger, string app, string sha, string delivery);
}
