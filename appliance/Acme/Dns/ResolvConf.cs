using System.Net;

namespace Hiy.Acme.Dns;

/// <summary>
/// The system's resolvers for finding a zone's authoritative servers: every <c>nameserver</c> line of
/// /etc/resolv.conf, in order (resolv.conf(5): tried in the order listed). Read here rather than through
/// DnsClient's own discovery, which goes through the network interfaces and may add Google's resolvers.
/// </summary>
public static class ResolvConf
{
    public const string DefaultPath = "/etc/resolv.conf";

    /// <summary>Cloudflare's public resolver, for a machine with no resolv.conf or no usable line in it.</summary>
    public static readonly IPEndPoint Fallback = new(IPAddress.Parse("1.1.1.1"), 53);

    /// <summary>The <c>nameserver</c> addresses of a resolv.conf text; comments, other keywords and bad addresses are skipped.</summary>
    public static IReadOnlyList<IPEndPoint> Parse(string text)
    {
        var servers = new List<IPEndPoint>();
        foreach (var line in text.Split('\n'))
        {
            var parts = line.Split((char[])[' ', '\t', '\r'], StringSplitOptions.RemoveEmptyEntries);
            // A '#' or ';' in the first column starts a comment (resolv.conf(5)).
            if (parts is ["nameserver", var address, ..] && IPAddress.TryParse(address, out var ip))
                servers.Add(new IPEndPoint(ip, 53));
        }
        return servers.Distinct().ToArray();
    }

    /// <summary>The nameservers of <paramref name="path"/>, or <see cref="Fallback"/> when it is missing, unreadable or lists none.</summary>
    public static IReadOnlyList<IPEndPoint> Read(string path = DefaultPath)
    {
        try
        {
            var servers = Parse(File.ReadAllText(path));
            if (servers.Count > 0)
                return servers;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // No resolv.conf (a container, a bare chroot): the public resolver below.
        }
        return [Fallback];
    }
}
