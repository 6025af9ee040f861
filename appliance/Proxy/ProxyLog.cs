using Microsoft.Extensions.Logging;

namespace Hiy.Proxy;

/// <summary>The proxy's log lines, source-generated (AOT: no reflection, no boxing on the hot path).</summary>
internal static partial class ProxyLog
{
    [LoggerMessage(EventId = 5001, Level = LogLevel.Information, Message = "{Method} {Host}{Path} -> {Status} (upstream {UpstreamStatus}) {DurationMs:0.0} ms")]
    public static partial void Access(ILogger logger, string method, string host, string path, int status, int upstreamStatus, double durationMs);

    [LoggerMessage(EventId = 5002, Level = LogLevel.Warning, Message = "app '{App}': upstream 127.0.0.1:{Port} failed: {Reason}")]
    public static partial void UpstreamFailed(ILogger logger, string app, int port, string reason);

    [LoggerMessage(EventId = 5003, Level = LogLevel.Warning, Message = "app '{App}': no response headers from 127.0.0.1:{Port} within {TimeoutS} s")]
    public static partial void UpstreamTimeout(ILogger logger, string app, int port, double timeoutS);

    [LoggerMessage(EventId = 5004, Level = LogLevel.Debug, Message = "app '{App}': connection closed mid-stream: {Reason}")]
    public static partial void StreamAborted(ILogger logger, string app, string reason);

    [LoggerMessage(EventId = 5005, Level = LogLevel.Information, Message = "fallback certificate created at {Path}")]
    public static partial void FallbackCreated(ILogger logger, string path);

    [LoggerMessage(EventId = 5006, Level = LogLevel.Warning, Message = "site '{Site}': {Reason}")]
    public static partial void SiteFailed(ILogger logger, string site, string reason);
}
