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

    [LoggerMessage(EventId = 103, Level = LogLevel.Information, Message = "dashboard session started for {User} from {Client}")]
    public static partial void SessionStarted(ILogger logger, string user, string client);

    /// <summary>Deliberately not an "auth failure": a forged request comes from the victim's own browser, which fail2ban must not ban.</summary>
    [LoggerMessage(EventId = 104, Level = LogLevel.Warning, Message = "refused {Method} {Path} from {Client}: the session cookie came without its CSRF token")]
    public static partial void CsrfRefused(ILogger logger, string method, string path, string client);

    [LoggerMessage(EventId = 105, Level = LogLevel.Information, Message = "api token {Id} ('{Name}') revoked from {Client}")]
    public static partial void TokenRevoked(ILogger logger, long id, string name, string client);

    [LoggerMessage(EventId = 106, Level = LogLevel.Warning, Message = "could not record the use of api token {Id}: {Reason}")]
    public static partial void TokenStampFailed(ILogger logger, long id, string reason);

    /// <summary>Warning, so it shows at every log level: without it nobody can finish the wizard.</summary>
    [LoggerMessage(EventId = 107, Level = LogLevel.Warning, Message = "setup is pending: the wizard asks for the setup code {Code} (generated at first start; set setup_code in hiy.toml to choose one)")]
    public static partial void SetupCodeGenerated(ILogger logger, string code);

    [LoggerMessage(EventId = 108, Level = LogLevel.Warning, Message = "setup is pending: the wizard asks for the setup_code from hiy's config (hiy.toml)")]
    public static partial void SetupCodeConfigured(ILogger logger);

    [LoggerMessage(EventId = 111, Level = LogLevel.Warning, Message = "refused {Method} {Path} from {Client}: {Status} {Reason}")]
    public static partial void BadFraming(ILogger logger, string method, string path, string client, int status, string reason);

    [LoggerMessage(EventId = 109, Level = LogLevel.Information, Message = "settings changed ({Fields}) from {Client}")]
    public static partial void SettingsChanged(ILogger logger, string fields, string client);

    [LoggerMessage(EventId = 112, Level = LogLevel.Warning, Message = "refused {Method} {Path}: the data disk is full ({Disk})")]
    public static partial void DiskFullRefused(ILogger logger, string method, string path, string disk);

    [LoggerMessage(EventId = 113, Level = LogLevel.Warning, Message = "data dir {DataDir} is full ({Reason}): starting degraded; reads work, writes answer 507 until space is freed")]
    public static partial void DegradedStart(ILogger logger, string dataDir, string reason);

    [LoggerMessage(EventId = 110, Level = LogLevel.Error, Message = "unhandled error on {Method} {Path}")]
    public static partial void Unhandled(ILogger logger, Exception exception, string method, string path);

    [LoggerMessage(EventId = 750, Level = LogLevel.Warning, Message = "auth failure from {Client}: GET /metrics with an unknown api token")]
    public static partial void MetricsRefused(ILogger logger, string client);

    [LoggerMessage(EventId = 755, Level = LogLevel.Information, Message = "alert settings changed from {Client}")]
    public static partial void AlertSettingsChanged(ILogger logger, string client);
}
