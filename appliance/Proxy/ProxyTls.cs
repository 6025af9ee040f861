using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;

namespace Hiy.Proxy;

/// <summary>Wires Kestrel's HTTPS to the certificate store through the TLS handshake callback.</summary>
public static class ProxyTls
{
    /// <summary>
    /// Serves HTTPS on <paramref name="listen"/> with the certificate chosen by SNI from the current map
    /// (exact, wildcard, fallback) and ALPN h2 + http/1.1. The callback only reads memory: the measured
    /// cost of a per-handshake ServerCertificateSelector (~260 new TLS conn/s vs ~570) is avoided by
    /// handing out prebuilt options.
    /// </summary>
    public static ListenOptions UseHiyHttps(this ListenOptions listen, CertificateStore store, TimeSpan? handshakeTimeout = null)
    {
        listen.Protocols = HttpProtocols.Http1AndHttp2;
        return listen.UseHttps(new TlsHandshakeCallbackOptions
        {
            OnConnection = context => ValueTask.FromResult(store.Current.Select(context.ClientHelloInfo.ServerName).Options),
            HandshakeTimeout = handshakeTimeout ?? TimeSpan.FromSeconds(10),
        });
    }
}
