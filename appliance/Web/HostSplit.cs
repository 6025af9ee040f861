namespace Hiy.Web;

/// <summary>
/// Which side of hiy a request is for, from its Host header alone (API.md "Host routing"): a host that is
/// one label under the appliance's domain (<c>blog.example.com</c>) is an app; the appliance's own
/// names (the IP, <c>hiy.local</c>, <c>hiy.&lt;domain&gt;</c>, the bare domain) are the control plane.
/// Custom domains are decided by the proxy's route table, which is consulted first.
/// </summary>
public static class HostSplit
{
    /// <summary>The app label when <paramref name="host"/> names an app under <paramref name="domain"/>, else null.</summary>
    public static string? AppLabel(string? host, string domain)
    {
        var h = Normalise(host);
        if (h is null || h.Length <= domain.Length + 1 || !h.EndsWith(domain, StringComparison.Ordinal) || h[^(domain.Length + 1)] != '.')
            return null;
        var label = h[..^(domain.Length + 1)];
        if (label.Contains('.') || label == "hiy")
            return null;
        return label;
    }

    /// <summary>Lower-case host without port or trailing dot; null when absent or an IP literal.</summary>
    public static string? Normalise(string? host)
    {
        if (string.IsNullOrEmpty(host))
            return null;
        var h = host.Trim();
        if (h.StartsWith('['))
            return null; // an IPv6 literal is never an app
        var colon = h.LastIndexOf(':');
        if (colon >= 0)
            h = h[..colon];
        h = h.TrimEnd('.').ToLowerInvariant();
        if (h.Length == 0 || System.Net.IPAddress.TryParse(h, out _))
            return null;
        return h;
    }
}
