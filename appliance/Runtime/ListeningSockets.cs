using System.Globalization;

namespace Hiy.Runtime;

/// <summary>A TCP socket in LISTEN state inside a container's network namespace.</summary>
public sealed record ListeningSocket(int Port, bool LoopbackOnly);

/// <summary>
/// What a container listens on, read from the host as <c>/proc/&lt;pid&gt;/net/tcp</c> and <c>tcp6</c> of its main
/// process (the table of its network namespace; hiy runs as root on the appliance). Parsing is pure.
/// </summary>
public static class ListeningSockets
{
    /// <summary>TCP_LISTEN in the kernel's <c>st</c> column (include/net/tcp_states.h).</summary>
    private const string ListenState = "0A";

    /// <summary>127.0.0.11, where Docker's embedded DNS listens (on a random TCP port) in every container on a user network.</summary>
    private const string DockerDns = "0B00007F";

    /// <summary>
    /// The listening sockets of one <c>/proc/net/tcp</c>-format table: lines of
    /// <c>sl local_address rem_address st …</c>, addresses as hex <c>ADDR:PORT</c> (the address in host byte order
    /// per 32-bit word). Sorted by port, one entry per port (loopback-only when every socket on it is). Docker's own
    /// resolver is left out: it is not the app.
    /// </summary>
    public static IReadOnlyList<ListeningSocket> Parse(string table)
    {
        var ports = new SortedDictionary<int, bool>();
        foreach (var raw in table.Split('\n'))
        {
            var fields = raw.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length < 4 || fields[3] != ListenState)
                continue;
            var local = fields[1];
            var colon = local.LastIndexOf(':');
            if (colon <= 0 || local[..colon].Equals(DockerDns, StringComparison.OrdinalIgnoreCase) || !int.TryParse(local.AsSpan(colon + 1), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var port))
                continue;
            var loopback = IsLoopback(local[..colon]);
            ports[port] = ports.TryGetValue(port, out var before) ? before && loopback : loopback;
        }
        return ports.Select(p => new ListeningSocket(p.Key, p.Value)).ToArray();
    }

    /// <summary>Both tables of the process <paramref name="pid"/>; null when they cannot be read (no pid, not root, gone).</summary>
    public static IReadOnlyList<ListeningSocket>? Read(int pid, string procRoot = "/proc")
    {
        if (pid <= 0)
            return null;
        try
        {
            var dir = Path.Combine(procRoot, pid.ToString(CultureInfo.InvariantCulture), "net");
            var v4 = File.ReadAllText(Path.Combine(dir, "tcp"));
            var v6 = File.Exists(Path.Combine(dir, "tcp6")) ? File.ReadAllText(Path.Combine(dir, "tcp6")) : "";
            return Parse(v4 + "\n" + v6);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    // 127.x.x.x is "7F" in the last byte of the little-endian word; ::1 and ::ffff:127.x.x.x likewise end their words.
    private static bool IsLoopback(string hex) => hex.Length switch
    {
        8 => hex.EndsWith("7F", StringComparison.OrdinalIgnoreCase),
        32 => hex.Equals("00000000000000000000000001000000", StringComparison.Ordinal)
            || hex.StartsWith("0000000000000000FFFF0000", StringComparison.OrdinalIgnoreCase) && hex.EndsWith("7F", StringComparison.OrdinalIgnoreCase),
        _ => false,
    };
}
