namespace Hiy.Proxy;

/// <summary>
/// The pure certificate choice for a TLS server name, as Kestrel's SniOptionsSelector and certmagic's
/// GetCertificate do: the exact name, then the wildcard one label up ("*.example.com" for
/// "blog.example.com", RFC 6125 §6.4.3: one label only), then nothing (the caller's fallback).
/// </summary>
public static class SniSelector
{
    public static string? Choose(string? serverName, IReadOnlySet<string> names)
    {
        if (string.IsNullOrEmpty(serverName))
            return null;
        var host = HostSplit.Normalize(serverName);
        if (names.Contains(host))
            return host;
        var dot = host.IndexOf('.');
        if (dot > 0 && dot < host.Length - 1)
        {
            var wildcard = "*" + host[dot..];
            if (names.Contains(wildcard))
                return wildcard;
        }
        return null;
    }
}
