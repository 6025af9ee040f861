using System.Globalization;
using Microsoft.Extensions.Primitives;

namespace Hiy.Proxy;

/// <summary>Strong validators for static files (RFC 9110 §8.8.3) from size and modification time.</summary>
public static class EntityTag
{
    /// <summary>A strong tag; <paramref name="encoding"/> makes a distinct tag per content coding (§8.8.3.3).</summary>
    public static string For(long length, DateTimeOffset lastModified, string? encoding = null)
    {
        var tag = "\"" + lastModified.UtcTicks.ToString("x", CultureInfo.InvariantCulture) + "-" + length.ToString("x", CultureInfo.InvariantCulture);
        return (encoding is null ? tag : tag + "-" + encoding) + "\"";
    }

    /// <summary>RFC 9110 §13.1.2 If-None-Match: weak comparison, "*" matches anything.</summary>
    public static bool NoneMatchHits(StringValues ifNoneMatch, string etag)
    {
        foreach (var header in ifNoneMatch)
        {
            if (header is null)
                continue;
            foreach (var raw in header.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                if (raw == "*")
                    return true;
                var candidate = raw.StartsWith("W/", StringComparison.Ordinal) ? raw[2..] : raw;
                if (candidate == etag)
                    return true;
            }
        }
        return false;
    }
}
