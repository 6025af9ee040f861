using Microsoft.Extensions.Logging;

namespace Hiy.Proxy;

/// <summary>The proxy's log lines, source-generated (AOT: no reflection, no boxing on the hot path).</summary>
internal static partial class ProxyLog
{
    [LoggerMessage(EventId = 5001, Level = LogLevel.Information, Message = "{Method} {Host}{Path} -> {Status} (upstream {UpstreamStatus}) {DurationMs:0.0} ms")]
    public static partial void Access(ILogger logger, string method, string host, string path, int status, int upstreamStatus, double durationMs);

    [LoggerMessage(EventId = 5002, Level = LogLevel.Warning, Message = "app '{App}': upstream 127.0.0.1:{Port} failed ({Error}): {Reason}")]
    public static partial void UpstreamFailed(ILogger logger, string app, int port, string error, string reason);

    [LoggerMessage(EventId = 5003, Level = LogLevel.Warning, Message = "app '{App}': 127.0.0.1:{Port} made no progress for {TimeoutS} s ({Error})")]
    public static partial void UpstreamTimeout(ILogger logger, string app, int port, double timeoutS, string error);

    [LoggerMessage(EventId = 5004, Level = LogLevel.Debug, Message = "app '{App}': connection closed mid-stream ({Error}): {Reason}")]
    public static partial void StreamAborted(ILogger logger, string app, string error, string reason);

    // The client's fault, not the app's: a warning without the exception, so no stack trace for a bad upload.
    [LoggerMessage(EventId = 5007, Level = LogLevel.Warning, Message = "app '{App}': client request rejected with {Status} ({Error}): {Reason}")]
    public static partial void ClientFault(ILogger logger, string app, int status, string error, string reason);

    [LoggerMessage(EventId = 5005, Level = LogLevel.Information, Message = "fallback certificate created at {Path}")]
    public static partial void FallbackCreated(ILogger logger, string path);

    [LoggerMessage(EventId = 5006, Level = LogLevel.Warning, Message = "site '{Site}': {Reason}")]
    public static partial void SiteFailed(ILogger logger, string site, string reason);

    [LoggerMessage(EventId = 5008, Level = LogLevel.Warning, Message = "refused a request with the bad Host '{Host}' (400)")]
    public static partial void BadHost(ILogger logger, string host);
}
