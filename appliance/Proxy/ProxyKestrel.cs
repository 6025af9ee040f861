using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Hiy.Proxy;

/// <summary>Kestrel-wide limits the proxy relies on.</summary>
public static class ProxyKestrel
{
    public static void ApplyLimits(KestrelServerOptions kestrel, ProxyOptions options)
    {
        kestrel.AddServerHeader = false;
        // Beyond this the client gets 431 Request Header Fields Too Large (RFC 6585 §5).
        kestrel.Limits.MaxRequestHeadersTotalSize = options.MaxRequestHeadersTotalSize;
        // The control pipeline's limit; ProxyPipeline raises it per request for app traffic.
        kestrel.Limits.MaxRequestBodySize = options.MaxControlRequestBodySize;
    }
}
