using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Primitives;

namespace Hiy.Proxy;

/// <summary>
/// Forwards one Kestrel request to an app on 127.0.0.1 over a single shared <see cref="SocketsHttpHandler"/>
/// (one connection pool for all apps, as YARP's HttpForwarder does): bodies streamed both ways, hop-by-hop
/// headers dropped, X-Forwarded-* and X-Request-Id set, Upgrade (WebSocket) tunnelled as opaque bytes.
/// </summary>
public sealed partial class HttpForwarder : IDisposable
{
    private readonly HttpMessageInvoker _invoker;
    private readonly ProxyOptions _options;
    private readonly ILogger _logger;

    public HttpForwarder(ProxyOptions options, ILogger logger, HttpMessageHandler? handler = null)
    {
        _options = options;
        _logger = logger;
        _invoker = new HttpMessageInvoker(handler ?? CreateHandler(options), disposeHandler: true);
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
    };

    public async Task<ForwardOutcome> ForwardAsync(HttpContext context, string app, int port, string requestId)
    {
        var upgrade = context.Features.Get<IHttpUpgradeFeature>();
        var isUpgrade = upgrade is { IsUpgradableRequest: true };
        // RFC 8441: browsers open WebSockets over HTTP/2 with an extended CONNECT; the app gets an HTTP/1.1 upgrade.
        var connect = context.Features.Get<IHttpExtendedConnectFeature>();
        var isConnect = connect is { IsExtendedConnect: true } && string.Equals(connect.Protocol, "websocket", StringComparison.OrdinalIgnoreCase);
        if (connect is { IsExtendedConnect: true } && !isConnect)
        {
            context.Response.StatusCode = StatusCodes.Status501NotImplemented;
            return new ForwardOutcome(ForwardStatus.Success, 0);
        }
        using var headersTimeout = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
        headersTimeout.CancelAfter(_options.ResponseHeadersTimeout);
        using var request = CreateRequest(context, port, requestId, isUpgrade, isConnect, headersTimeout, _options.ResponseHeadersTimeout);

        HttpResponseMessage response;
        try
        {
            response = await _invoker.SendAsync(request, headersTimeout.Token);
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException or IOException)
        {
            if (context.RequestAborted.IsCancellationRequested)
                return new ForwardOutcome(ForwardStatus.Aborted, 0);
            if (headersTimeout.IsCancellationRequested)
            {
                ProxyLog.UpstreamTimeout(_logger, app, port, _options.ResponseHeadersTimeout.TotalSeconds);
                await ErrorPages.GatewayTimeoutAsync(context, app);
                return new ForwardOutcome(ForwardStatus.UpstreamTimeout, 0);
            }
            ProxyLog.UpstreamFailed(_logger, app, port, e.InnerException?.Message ?? e.Message);
            await ErrorPages.BadGatewayAsync(context, app);
            return new ForwardOutcome(ForwardStatus.UpstreamUnreachable, 0);
        }
        // The timeout covers the response headers only; a long download or an SSE stream may run for hours.
        (request.Content as StreamingRequestContent)?.HeadersReceived();
        headersTimeout.CancelAfter(Timeout.InfiniteTimeSpan);

        using (response)
        {
            var status = (int)response.StatusCode;
            context.Response.StatusCode = status;
            var switching = status == StatusCodes.Status101SwitchingProtocols;
            if (switching && isConnect)
            {
                // RFC 8441 §5: the HTTP/2 client gets 200 and no Upgrade/Connection/Sec-WebSocket-Accept.
                context.Response.StatusCode = StatusCodes.Status200OK;
                CopyResponseHeaders(response, context.Response, keepUpgrade: false);
                context.Response.Headers.Remove("Sec-WebSocket-Accept");
            }
            else
            {
                CopyResponseHeaders(response, context.Response, keepUpgrade: switching);
            }
            try
            {
                if (switching && isUpgrade)
                    await TunnelAsync(context, () => new ValueTask<Stream>(upgrade!.UpgradeAsync()), response);
                else if (switching && isConnect)
                    await TunnelAsync(context, connect!.AcceptAsync, response);
                else
                    await CopyResponseBodyAsync(context, response);
                return new ForwardOutcome(ForwardStatus.Success, status);
            }
            catch (Exception e) when (e is IOException or OperationCanceledException or HttpRequestException or ObjectDisposedException)
            {
                ProxyLog.StreamAborted(_logger, app, e.Message);
                context.Abort();
                return new ForwardOutcome(ForwardStatus.Aborted, status);
            }
        }
    }

    private static HttpRequestMessage CreateRequest(HttpContext context, int port, string requestId, bool isUpgrade, bool isConnect,
        CancellationTokenSource headersTimeout, TimeSpan timeout)
    {
        var incoming = context.Request;
        var rawTarget = context.Features.Get<IHttpRequestFeature>()?.RawTarget;
        // The raw target keeps the client's exact encoding (%2F stays %2F); absolute-form targets fall back to Path.
        var pathAndQuery = rawTarget is { Length: > 0 } && rawTarget[0] == '/'
            ? rawTarget
            : incoming.PathBase.Add(incoming.Path).ToUriComponent() + incoming.QueryString.ToUriComponent();
        var request = new HttpRequestMessage(isConnect ? HttpMethod.Get : Method(incoming.Method), new Uri(Prefix(port) + pathAndQuery, UriKind.Absolute))
        {
            Version = HttpVersion.Version11,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };

        if (!isUpgrade && !isConnect && HasBody(context))
        {
            request.Content = new StreamingRequestContent(incoming.BodyReader, context.RequestAborted, headersTimeout, timeout);
            if (incoming.ContentLength is { } length)
                request.Content.Headers.ContentLength = length;
        }

        var connectionNamed = HopByHop.NamedIn(incoming.Headers.Connection);
        foreach (var (name, value) in incoming.Headers)
        {
            if (HopByHop.IsHopByHop(name) || name.StartsWith(':') || connectionNamed?.Contains(name) == true)
                continue;
            if (name.Equals("Host", StringComparison.OrdinalIgnoreCase) || name.Equals("Expect", StringComparison.OrdinalIgnoreCase)
                || name.StartsWith("X-Forwarded-", StringComparison.OrdinalIgnoreCase) || name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase))
                continue;
            HttpHeaders target = request.Headers;
            if (name.StartsWith("Content-", StringComparison.OrdinalIgnoreCase))
            {
                if (request.Content is null)
                    continue;
                target = request.Content.Headers;
            }
            // One value (the common case) goes in as the string it is: no boxing, no array.
            if (value.Count == 1)
                target.TryAddWithoutValidation(name, value.ToString());
            else
                target.TryAddWithoutValidation(name, value.ToArray());
        }
        if (isUpgrade)
        {
            request.Headers.TryAddWithoutValidation("Connection", "Upgrade");
            request.Headers.TryAddWithoutValidation("Upgrade", incoming.Headers.Upgrade.ToString());
        }
        else if (isConnect)
        {
            // RFC 6455 §4.1: an HTTP/1.1 handshake needs a key, which HTTP/2 clients do not send (RFC 8441 §5).
            request.Headers.TryAddWithoutValidation("Connection", "Upgrade");
            request.Headers.TryAddWithoutValidation("Upgrade", "websocket");
            request.Headers.Remove("Sec-WebSocket-Key");
            request.Headers.TryAddWithoutValidation("Sec-WebSocket-Key", Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16)));
        }

        // The Host the client asked for reaches the app unchanged (apps build absolute URLs from it).
        request.Headers.Host = incoming.Host.Value;
        var remote = context.Connection.RemoteIpAddress;
        if (remote is not null)
        {
            var ip = remote.IsIPv4MappedToIPv6 ? remote.MapToIPv4() : remote;
            // Set, not appended: hiy is the edge, so whatever a client claims here is not evidence.
            request.Headers.TryAddWithoutValidation("X-Forwarded-For", ip.ToString());
        }
        request.Headers.TryAddWithoutValidation("X-Forwarded-Proto", incoming.Scheme);
        request.Headers.TryAddWithoutValidation("X-Forwarded-Host", incoming.Host.Value);
        request.Headers.Remove("X-Request-Id");
        request.Headers.TryAddWithoutValidation("X-Request-Id", requestId);
        return request;
    }

    private static bool HasBody(HttpContext context)
    {
        var detection = context.Features.Get<IHttpRequestBodyDetectionFeature>();
        if (detection is not null)
            return detection.CanHaveBody;
        return context.Request.ContentLength > 0 || context.Request.Headers.ContainsKey("Transfer-Encoding");
    }

    private static void CopyResponseHeaders(HttpResponseMessage from, HttpResponse to, bool keepUpgrade)
    {
        var connectionNamed = from.Headers.NonValidated.TryGetValues("Connection", out var conn)
            ? HopByHop.NamedIn(new StringValues(conn.ToArray()))
            : null;
        Copy(from.Headers.NonValidated);
        Copy(from.Content.Headers.NonValidated);

        void Copy(HttpHeadersNonValidated headers)
        {
            foreach (var (name, values) in headers)
            {
                if (keepUpgrade && name.Equals("Upgrade", StringComparison.OrdinalIgnoreCase))
                {
                    to.Headers[name] = ToStringValues(values);
                    continue;
                }
                if (HopByHop.IsHopByHop(name) || connectionNamed?.Contains(name) == true)
                    continue;
                to.Headers[name] = ToStringValues(values);
            }
        }
    }

    private static StringValues ToStringValues(HeaderStringValues values)
    {
        if (values.Count == 1)
        {
            foreach (var v in values)
                return new StringValues(v);
        }
        var array = new string[values.Count];
        var i = 0;
        foreach (var v in values)
            array[i++] = v;
        return new StringValues(array);
    }

    private static async Task CopyResponseBodyAsync(HttpContext context, HttpResponseMessage response)
    {
        context.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
        var ct = context.RequestAborted;
        await using var upstream = await response.Content.ReadAsStreamAsync(ct);
        var writer = context.Response.BodyWriter;
        if (HttpMethods.IsHead(context.Request.Method))
            return;
        while (true)
        {
            var memory = writer.GetMemory(16 * 1024);
            var read = await upstream.ReadAsync(memory, ct);
            if (read == 0)
                break;
            writer.Advance(read);
            // Flush per read: Server-Sent Events and long polls reach the client as the app writes them,
            // and the flush waits while the client is slower than the app (backpressure, no buffering).
            var flush = await writer.FlushAsync(ct);
            if (flush.IsCompleted || flush.IsCanceled)
                break;
        }
    }

    private static async Task TunnelAsync(HttpContext context, Func<ValueTask<Stream>> accept, HttpResponseMessage response)
    {
        await using var upstream = await response.Content.ReadAsStreamAsync(context.RequestAborted);
        await using var client = await accept();
        using var done = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
        var up = PumpAsync(client, upstream, done.Token);
        var down = PumpAsync(upstream, client, done.Token);
        // When either side closes, the tunnel is over: stop the other direction too.
        await Task.WhenAny(up, down);
        await done.CancelAsync();
        try
        {
            await Task.WhenAll(up, down);
        }
        catch (OperationCanceledException)
        {
        }
    }

    private static async Task PumpAsync(Stream from, Stream to, CancellationToken ct)
    {
        var buffer = new byte[16 * 1024];
        while (true)
        {
            var read = await from.ReadAsync(buffer, ct);
            if (read == 0)
                return;
            await to.WriteAsync(buffer.AsMemory(0, read), ct);
            await to.FlushAsync(ct);
        }
    }

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<int, string> Prefixes = new();

    // One string per app port for the life of the process instead of one per request.
    private static string Prefix(int port) =>
        Prefixes.GetOrAdd(port, static p => "http://127.0.0.1:" + p.ToString(CultureInfo.InvariantCulture));

    private static HttpMethod Method(string method) => method switch
    {
        "GET" => HttpMethod.Get,
        "POST" => HttpMethod.Post,
        "PUT" => HttpMethod.Put,
        "DELETE" => HttpMethod.Delete,
        "HEAD" => HttpMethod.Head,
        "OPTIONS" => HttpMethod.Options,
        "PATCH" => HttpMethod.Patch,
        _ => new HttpMethod(method),
    };

    public void Dispose() => _invoker.Dispose();
}
