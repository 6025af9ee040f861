using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Yarp.ReverseProxy.Forwarder;

namespace Hiy.Proxy;

/// <summary>
/// Hands one Kestrel request to an app on 127.0.0.1 through YARP's <see cref="IHttpForwarder"/> (streaming both
/// ways, hop-by-hop headers, Expect: 100-continue, trailers, WebSockets over HTTP/1.1 and RFC 8441 HTTP/2), over
/// one shared <see cref="HttpMessageInvoker"/> (one connection pool for all apps). hiy adds its header policy
/// (<see cref="ForwardingTransformer"/>), the activity timeout, and its own error pages and log lines.
/// </summary>
public sealed class AppForwarder : IDisposable
{
    private static readonly ConcurrentDictionary<int, string> Prefixes = new();

    private readonly IHttpForwarder _forwarder;
    private readonly HttpMessageInvoker _invoker;
    private readonly ForwarderRequestConfig _config;
    private readonly ProxyOptions _options;
    private readonly ILogger _logger;
    private readonly ServiceProvider _services;

    public AppForwarder(ProxyOptions options, ILogger logger, TimeProvider time, HttpMessageHandler? handler = null)
    {
        _options = options;
        _logger = logger;
        // YARP's own log lines carry stack traces for every client that hangs up; hiy logs each failure once, classified.
        _services = new ServiceCollection()
            .AddSingleton<ILoggerFactory>(NullLoggerFactory.Instance)
            .AddSingleton(typeof(ILogger<>), typeof(NullLogger<>))
            .AddSingleton(time)
            .AddHttpForwarder()
            .BuildServiceProvider();
        _forwarder = _services.GetRequiredService<IHttpForwarder>();
        _invoker = new HttpMessageInvoker(handler ?? CreateHandler(options), disposeHandler: true);
        _config = new ForwarderRequestConfig
        {
            // Reset by every read and write, so it bounds a stall, not a long upload, download or SSE stream.
            ActivityTimeout = options.ActivityTimeout,
            // Apps listen on plain HTTP/1.1; h2 clients (and their RFC 8441 WebSockets) are translated by YARP.
            Version = HttpVersion.Version11,
            VersionPolicy = HttpVersionPolicy.RequestVersionOrLower,
        };
    }

    public static SocketsHttpHandler CreateHandler(ProxyOptions options) => new()
    {
        UseProxy = false,
        AllowAutoRedirect = false,
        AutomaticDecompression = DecompressionMethods.None,
        UseCookies = false,
        ConnectTimeout = options.ConnectTimeout,
        PooledConnectionIdleTimeout = TimeSpan.FromSeconds(60),
        MaxConnectionsPerServer = int.MaxValue,
        // No traceparent/baggage injected into the app's request: the proxy must not invent headers.
        ActivityHeadersPropagator = null,
        ResponseDrainTimeout = TimeSpan.FromSeconds(2),
        EnableMultipleHttp2Connections = true,
    };

    /// <summary>Forwards the request; returns the app's status, or 0 when the app never answered.</summary>
    public async Task<int> ForwardAsync(HttpContext context, string app, int port)
    {
        // RFC 8441 extended CONNECT for anything but WebSocket has no HTTP/1.1 app-side equivalent.
        if (context.Features.Get<IHttpExtendedConnectFeature>() is { IsExtendedConnect: true } connect
            && !string.Equals(connect.Protocol, "websocket", StringComparison.OrdinalIgnoreCase))
        {
            context.Response.StatusCode = StatusCodes.Status501NotImplemented;
            return 0;
        }

        var error = await _forwarder.SendAsync(context, Prefix(port), _invoker, _config, ForwardingTransformer.Instance);
        if (error == ForwarderError.None)
            return context.Response.StatusCode;

        var feature = context.Features.Get<IForwarderErrorFeature>();
        var started = context.Response.HasStarted;
        var failure = ForwardFailure.Classify(error, feature?.Exception, context.Response.StatusCode, context.RequestAborted.IsCancellationRequested);
        var reason = ForwardFailure.Reason(feature?.Exception);
        switch (failure.Fault)
        {
            case ForwardFault.Client:
                ProxyLog.ClientFault(_logger, app, failure.Status, error.ToString(), reason);
                if (!started)
                    await ErrorPages.ClientErrorAsync(context, failure.Status);
                return 0;
            case ForwardFault.UpstreamTimeout:
                ProxyLog.UpstreamTimeout(_logger, app, port, _options.ActivityTimeout.TotalSeconds, error.ToString());
                if (!started)
                    await ErrorPages.GatewayTimeoutAsync(context, app);
                return started ? context.Response.StatusCode : 0;
            case ForwardFault.Upstream:
                ProxyLog.UpstreamFailed(_logger, app, port, error.ToString(), reason);
                if (!started)
                    await ErrorPages.BadGatewayAsync(context, app);
                return started ? context.Response.StatusCode : 0;
            default:
                ProxyLog.StreamAborted(_logger, app, error.ToString(), reason);
                return started ? context.Response.StatusCode : 0;
        }
    }

    // One string per app port for the life of the process instead of one per request.
    private static string Prefix(int port) =>
        Prefixes.GetOrAdd(port, static p => "http://127.0.0.1:" + p.ToString(CultureInfo.InvariantCulture));

    public void Dispose()
    {
        _invoker.Dispose();
        _services.Dispose();
    }
}
