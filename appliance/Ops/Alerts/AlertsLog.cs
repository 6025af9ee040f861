namespace Hiy.Ops.Alerts;

internal static partial class AlertsLog
{
    [LoggerMessage(EventId = 751, Level = LogLevel.Warning, Message = "alert incident {Id} opened: {Message}")]
    public static partial void Opened(ILogger logger, long id, string message);

    [LoggerMessage(EventId = 752, Level = LogLevel.Information, Message = "alert incident {Id} resolved: {Message}")]
    public static partial void Resolved(ILogger logger, long id, string message);

    [LoggerMessage(EventId = 753, Level = LogLevel.Warning, Message = "alert for incident {Id} not delivered on {Channel} (tried again at the next check): {Reason}")]
    public static partial void DeliveryFailed(ILogger logger, string channel, long id, string reason);

    [LoggerMessage(EventId = 754, Level = LogLevel.Warning, Message = "uptime checks not recorded: {Reason}")]
    public static partial void CheckFailed(ILogger logger, string reason);
}
