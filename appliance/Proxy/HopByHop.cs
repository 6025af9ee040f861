using System.Collections.Frozen;
using Microsoft.Extensions.Primitives;

namespace Hiy.Proxy;

/// <summary>Connection-specific headers a proxy must not forward (RFC 9110 §7.6.1).</summary>
public static class HopByHop
{
    private static readonly FrozenSet<string> Names = new[]
    {
        "Connection", "Keep-Alive", "TE", "Trailer", "Transfer-Encoding", "Upgrade",
        "Proxy-Connection", "Proxy-Authenticate", "Proxy-Authorization",
        // HTTP/2 pseudo/specific headers Kestrel may surface; never forwarded.
        "HTTP2-Settings",
    }.ToFrozenSet(StringComparer.OrdinalIgnoreCase);

    public static bool IsHopByHop(string name) => Names.Contains(name);

    /// <summary>The extra names a Connection header lists ("Connection: close, X-Foo" → X-Foo), or null.</summary>
    public static HashSet<string>? NamedIn(StringValues connection)
    {
        HashSet<string>? result = null;
        foreach (var value in connection)
        {
            if (value is null)
                continue;
            foreach (var part in value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                if (part.Equals("close", StringComparison.OrdinalIgnoreCase) || part.Equals("keep-alive", StringComparison.OrdinalIgnoreCase) || part.Equals("upgrade", StringComparison.OrdinalIgnoreCase))
                    continue;
                (result ??= new HashSet<string>(StringComparer.OrdinalIgnoreCase)).Add(part);
            }
        }
        return result;
    }
}
