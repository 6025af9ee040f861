using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Primitives;
using Yarp.ReverseProxy.Forwarder;

namespace Hiy.Proxy;

/// <summary>
/// hiy's header policy on top of YARP's copy (which already drops hop-by-hop headers, keeps <c>TE: trailers</c>
/// on h2, forwards <c>Expect</c> and copies response trailers): the client's Host and exact request target reach
/// the app, the proxy's own forwarding headers replace whatever the client claimed, headers a
/// <c>Connection</c> header names are dropped both ways, and every request carries an X-Request-Id.
/// One instance serves every request: it holds no per-request state.
/// </summary>
public sealed class ForwardingTransformer : HttpTransformer
{
    public static readonly ForwardingTransformer Instance = new();

    private ForwardingTransformer()
    {
    }

    public override async ValueTask TransformRequestAsync(HttpContext httpContext, HttpRequestMessage proxyRequest, string destinationPrefix, CancellationToken cancellationToken)
    {
        await base.TransformRequestAsync(httpContext, proxyRequest, destinationPrefix, cancellationToken);
        var incoming = httpContext.Request;

        // Set, not appended: hiy is the edge, so whatever a client claims about hops before it is not evidence.
        foreach (var (name, _) in incoming.Headers)
        {
            if (IsForwardingHeader(name))
                Remove(proxyRequest, name);
        }
        DropConnectionNamed(incoming.Headers.Connection, proxyRequest);

        // The raw target keeps the client's exact encoding (%2F stays %2F); absolute-form targets fall back to Path.
        var rawTarget = httpContext.Features.Get<IHttpRequestFeature>()?.RawTarget;
        proxyRequest.RequestUri = rawTarget is { Length: > 0 } && rawTarget[0] == '/'
            ? new Uri(destinationPrefix + rawTarget, UriKind.Absolute)
            : RequestUtilities.MakeDestinationAddress(destinationPrefix, incoming.Path, incoming.QueryString);

        // The Host the client asked for reaches the app unchanged (apps build absolute URLs from it).
        var host = incoming.Host.Value ?? "";
        proxyRequest.Headers.Host = host;
        var headers = proxyRequest.Headers;
        var ip = ClientAddress(httpContext);
        if (ip is not null)
        {
            headers.TryAddWithoutValidation("X-Forwarded-For", ip);
            headers.TryAddWithoutValidation("X-Real-IP", ip);
        }
        headers.TryAddWithoutValidation("X-Forwarded-Proto", incoming.Scheme);
        headers.TryAddWithoutValidation("X-Forwarded-Host", host);
        headers.TryAddWithoutValidation("Forwarded", Forwarded(ip, host, incoming.Scheme));
        headers.TryAddWithoutValidation("X-Request-Id", RequestId(incoming.Headers["X-Request-Id"]));
    }

    public override async ValueTask<bool> TransformResponseAsync(HttpContext httpContext, HttpResponseMessage? proxyResponse, CancellationToken cancellationToken)
    {
        var proceed = await base.TransformResponseAsync(httpContext, proxyResponse, cancellationToken);
        if (proxyResponse is not null && proxyResponse.Headers.NonValidated.TryGetValues("Connection", out var connection))
        {
            foreach (var value in connection)
            {
                foreach (var name in ConnectionNamed(value))
                    httpContext.Response.Headers.Remove(name);
            }
        }
        // Kestrel writes response trailers on HTTP/2 and HTTP/3 only: to an HTTP/1.x client the app's
        // "Trailer: X" would announce fields that never come (RFC 9110 §6.6.2), so the announcement goes too.
        if (proxyResponse is not null && !HttpProtocol.IsHttp2(httpContext.Request.Protocol) && !HttpProtocol.IsHttp3(httpContext.Request.Protocol))
            httpContext.Response.Headers.Remove("Trailer");
        return proceed;
    }

    /// <summary>Headers that claim something about earlier hops; only the proxy at the edge may set them.</summary>
    public static bool IsForwardingHeader(string name) =>
        name.StartsWith("X-Forwarded-", StringComparison.OrdinalIgnoreCase)
        || name.Equals("Forwarded", StringComparison.OrdinalIgnoreCase)
        || name.Equals("X-Real-IP", StringComparison.OrdinalIgnoreCase)
        || name.Equals("X-Request-Id", StringComparison.OrdinalIgnoreCase);

    /// <summary>The client's X-Request-Id when it sent a sane one, else a fresh one.</summary>
    public static string RequestId(StringValues incoming)
    {
        var value = incoming.Count == 1 ? incoming[0] ?? "" : "";
        if (value.Length is > 0 and <= 128 && !value.AsSpan().ContainsAnyExceptInRange('\x21', '\x7e'))
            return value;
        return Guid.NewGuid().ToString("N");
    }

    /// <summary>RFC 7239 §4: <c>for=192.0.2.1;host=a.example;proto=https</c>, IPv6 and odd hosts quoted (§6).</summary>
    public static string Forwarded(string? ip, string host, string scheme)
    {
        var forPart = ip is null ? "for=unknown" : ip.Contains(':') ? "for=\"[" + ip + "]\"" : "for=" + ip;
        var hostPart = host.AsSpan().ContainsAnyExcept(TokenChars) ? "\"" + host.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"" : host;
        return forPart + ";host=" + hostPart + ";proto=" + scheme;
    }

    private static readonly System.Buffers.SearchValues<char> TokenChars =
        System.Buffers.SearchValues.Create("!#$%&'*+-.^_`|~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz");

    private static string? ClientAddress(HttpContext context)
    {
        var remote = context.Connection.RemoteIpAddress;
        if (remote is null)
            return null;
        return (remote.IsIPv4MappedToIPv6 ? remote.MapToIPv4() : remote).ToString();
    }

    // RFC 9110 §7.6.1: the options a Connection header lists are for this hop only.
    private static void DropConnectionNamed(StringValues connection, HttpRequestMessage request)
    {
        foreach (var value in connection)
        {
            foreach (var name in ConnectionNamed(value))
                Remove(request, name);
        }
    }

    private static IEnumerable<string> ConnectionNamed(string? value)
    {
        if (string.IsNullOrEmpty(value))
            yield break;
        foreach (var part in value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            // close/keep-alive/upgrade are connection options, not header names YARP has not already handled.
            if (part.Equals("close", StringComparison.OrdinalIgnoreCase) || part.Equals("keep-alive", StringComparison.OrdinalIgnoreCase)
                || part.Equals("upgrade", StringComparison.OrdinalIgnoreCase))
                continue;
            yield return part;
        }
    }

    // A client may name any header in Connection, including a content header or an invalid name, which
    // HttpHeaders.Remove rejects by throwing; such a name simply is not there to remove.
    private static void Remove(HttpRequestMessage request, string name)
    {
        try
        {
            if (request.Headers.Remove(name))
                return;
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException)
        {
        }
        try
        {
            request.Content?.Headers.Remove(name);
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException)
        {
        }
    }
}
