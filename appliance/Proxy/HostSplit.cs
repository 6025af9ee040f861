namespace Hiy.Proxy;

/// <summary>
/// Normalises a Host header into the key the route table uses: port stripped, lower-case, no trailing
/// dot (RFC 3986 §3.2.2 hosts are case-insensitive; "example.com." names the same host as "example.com").
/// </summary>
public static class HostSplit
{
    public static string Normalize(string? hostHeader)
    {
        if (string.IsNullOrEmpty(hostHeader))
            return "";
        var host = hostHeader.AsSpan().Trim();
        if (host.Length > 0 && host[0] == '[')
        {
            // IPv6 literal: "[::1]:8080" keeps the brackets, drops the port.
            var close = host.IndexOf(']');
            host = close < 0 ? host : host[..(close + 1)];
        }
        else
        {
            var colon = host.LastIndexOf(':');
            if (colon >= 0)
                host = host[..colon];
        }
        host = host.TrimEnd('.');
        // The usual header is already a lower-case bare host: hand it back without allocating.
        if (host.Length == hostHeader.Length && !HasUpper(host))
            return hostHeader;
        return host.ToString().ToLowerInvariant();
    }

    private static bool HasUpper(ReadOnlySpan<char> value)
    {
        foreach (var c in value)
        {
            if (c is >= 'A' and <= 'Z' || c > 0x7f)
                return true;
        }
        return false;
    }

    /// <summary>
    /// The single DNS label in front of <paramref name="domain"/> ("blog" for "blog.example.com"), or null
    /// when <paramref name="host"/> is not exactly one label below it. Both arguments are normalised.
    /// </summary>
    public static string? LabelUnder(string host, string domain)
    {
        if (domain.Length == 0 || host.Length <= domain.Length + 1)
            return null;
        if (!host.EndsWith(domain, StringComparison.Ordinal) || host[host.Length - domain.Length - 1] != '.')
            return null;
        var label = host[..(host.Length - domain.Length - 1)];
        return label.Contains('.') ? null : label;
    }

    /// <summary>True for a normalised IPv4 dotted quad or a bracketed IPv6 literal: no DNS name, so no rebinding.</summary>
    public static bool IsIpLiteral(string host)
    {
        if (host.Length > 2 && host[0] == '[' && host[^1] == ']')
            return System.Net.IPAddress.TryParse(host.AsSpan(1, host.Length - 2), out var v6)
                && v6.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6;
        // Dotted quad only: IPAddress.TryParse also takes "1" or "0x7f.1", which no browser sends as a literal Host.
        var parts = host.Split('.');
        return parts.Length == 4 && parts.All(p => p.Length is > 0 and <= 3 && p.All(char.IsAsciiDigit) && int.Parse(p, System.Globalization.CultureInfo.InvariantCulture) <= 255);
    }

    /// <summary>True when <paramref name="host"/> is <paramref name="domain"/> or a name below it (both normalised).</summary>
    public static bool IsUnder(string host, string domain) =>
        domain.Length > 0 && (host == domain || host.Length > domain.Length + 1 && host.EndsWith(domain, StringComparison.Ordinal)
            && host[host.Length - domain.Length - 1] == '.');
}
