namespace Hiy.Proxy;

/// <summary>Settings of the proxy; plain values so the caller fills them from hiy's config.</summary>
public sealed record ProxyOptions
{
    /// <summary>The address to listen on; null = every interface (config key <c>bind</c>).</summary>
    public string? Bind { get; init; }

    /// <summary>The plain-HTTP listener's port (config key <c>http_port</c>); 0 lets the OS choose (tests).</summary>
    public int HttpPort { get; init; } = 80;

    /// <summary>The HTTPS listener's port (config key <c>https_port</c>; 0 = HTTPS off: no listener, redirects or HSTS).</summary>
    public int HttpsPort { get; init; } = 443;

    /// <summary>
    /// Extra names the control plane answers on (config key <c>control_hosts</c>), beside IP literals, <c>localhost</c>,
    /// <c>hiy.local</c>, this machine's host name and the base domain; any other Host gets the app router's 404.
    /// </summary>
    public IReadOnlyList<string> ControlHosts { get; init; } = [];

    /// <summary>How long to wait for an app's TCP accept; 127.0.0.1 refuses at once, so this is a backstop.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How long a forward may make no progress (YARP's activity timeout, reset by every read and write): an app
    /// silent this long before its headers gets the client a 504, after them the stream is cut. A long upload,
    /// download or an SSE stream that keeps moving is never cut; an SSE stream must send something this often.
    /// </summary>
    public TimeSpan ActivityTimeout { get; init; } = TimeSpan.FromSeconds(100);

    /// <summary>Kestrel's limit on all request headers together; beyond it the client gets 431.</summary>
    public int MaxRequestHeadersTotalSize { get; init; } = 32 * 1024;

    /// <summary>Body limit for requests forwarded to apps (null = unlimited; uploads are streamed, never buffered).</summary>
    public long? MaxAppRequestBodySize { get; init; } = 1024L * 1024 * 1024;

    /// <summary>Body limit for everything else Kestrel serves (dashboard, API, git).</summary>
    public long? MaxControlRequestBodySize { get; init; } = 512L * 1024 * 1024;

    /// <summary>HSTS max-age sent once a real certificate serves the host (RFC 6797 §6.1.1).</summary>
    public TimeSpan HstsMaxAge { get; init; } = TimeSpan.FromDays(365);

    /// <summary>Files at least this big and of a compressible type are gzip/brotli-encoded on the fly.</summary>
    public long CompressMinBytes { get; init; } = 1024;

    /// <summary>Files bigger than this are sent as they are rather than compressed on the fly (CPU on a Pi).</summary>
    public long CompressMaxBytes { get; init; } = 8L * 1024 * 1024;
}
