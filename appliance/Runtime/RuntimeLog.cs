using Microsoft.Extensions.Logging;

namespace Hiy.Runtime;

internal static partial class RuntimeLog
{
    [LoggerMessage(EventId = 300, Level = LogLevel.Information, Message = "app {App} is {Status}: {Detail}")]
    public static partial void StatusChanged(ILogger logger, string app, string status, string? detail);

    [LoggerMessage(EventId = 301, Level = LogLevel.Warning, Message = "docker events: connection lost ({Reason}); reconnecting")]
    public static partial void EventsLost(ILogger logger, string reason);

    [LoggerMessage(EventId = 302, Level = LogLevel.Information, Message = "docker events: connected; reconciling {Count} apps")]
    public static partial void EventsConnected(ILogger logger, int count);

    [LoggerMessage(EventId = 303, Level = LogLevel.Warning, Message = "reconcile of {App} failed: {Reason}")]
    public static partial void ReconcileFailed(ILogger logger, string app, string reason);

    [LoggerMessage(EventId = 304, Level = LogLevel.Warning, Message = "log capture for {App} stopped: {Reason}")]
    public static partial void LogCaptureFailed(ILogger logger, string app, string reason);

    [LoggerMessage(EventId = 305, Level = LogLevel.Warning, Message = "route conflict: {Conflict}")]
    public static partial void RouteConflict(ILogger logger, string conflict);

    [LoggerMessage(EventId = 306, Level = LogLevel.Warning, Message = "retiring deploy {Deploy} of {App} failed: {Reason}")]
    public static partial void RetireFailed(ILogger logger, string app, long deploy, string reason);

    [LoggerMessage(EventId = 307, Level = LogLevel.Information, Message = "retired deploy {Deploy} of {App}")]
    public static partial void Retired(ILogger logger, string app, long deploy);
}
