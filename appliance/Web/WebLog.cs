namespace Hiy.Web;

/// <summary>Source-generated log lines of the web layer. The auth-failure line is what fail2ban matches.</summary>
internal static partial class WebLog
{
    [LoggerMessage(EventId = 100, Level = LogLevel.Warning, Message = "auth failure from {Client}: {Reason}")]
    public static partial void AuthFailure(ILogger logger, string client, string reason);

    [LoggerMessage(EventId = 101, Level = LogLevel.Information, Message = "setup completed for domain {Domain} from {Client}")]
    public static partial void SetupCompleted(ILogger logger, string domain, string client);

    [LoggerMessage(EventId = 102, Level = LogLevel.Information, Message = "api token issued to {User} from {Client}")]
    public static partial void TokenIssued(ILogger logger, string user, string client);

    [LoggerMessage(EventId = 110, Level = LogLevel.Error, Message = "unhandled error on {Method} {Path}")]
    public static partial void Unhandled(ILogger logger, Exception exception, string method, string path);
}
