using System.Globalization;
using YamlDotNet.RepresentationModel;

namespace Hiy.Stacks;

internal sealed partial class ComposeReader
{
    private const long MinMemory = 16L << 20;
    private const long MaxMemory = 64L << 30;

    /// <summary>ports: <c>"8080:80"</c>, <c>"127.0.0.1:8080:80"</c>, <c>"80"</c>, <c>80</c>, <c>"53:53/udp"</c>, or the long form.</summary>
    private void ReadPorts(YamlNode node, string path, List<ComposePort> into)
    {
        foreach (var (item, at) in Items(node, path))
        {
            var port = item is YamlMappingNode map ? LongPort(map, at) : Scalar(item, at) is { } text ? ShortPort(text, at) : null;
            if (port is not null)
                into.Add(port);
        }
    }

    private ComposePort? ShortPort(string text, string path)
    {
        var protocol = "tcp";
        var body = text;
        var slash = text.IndexOf('/');
        if (slash >= 0)
        {
            protocol = text[(slash + 1)..];
            body = text[..slash];
            if (protocol is not ("tcp" or "udp"))
            {
                Add(path, $"'{text}': protocol must be tcp or udp");
                return null;
            }
        }
        if (body.Contains('-'))
        {
            Add(path, $"'{text}': port ranges are not supported");
            return null;
        }
        var parts = body.Split(':');
        if (parts.Length > 3)
        {
            Add(path, $"'{text}' is not [host_ip:][host_port:]container_port[/protocol]");
            return null;
        }
        var container = PortNumber(parts[^1], path, text);
        int? host = parts.Length >= 2 && parts[^2].Length > 0 ? PortNumber(parts[^2], path, text) : null;
        var ip = parts.Length == 3 ? parts[0] : null;
        if (ip is not null && !System.Net.IPAddress.TryParse(ip, out _))
        {
            Add(path, $"'{text}': '{ip}' is not an IP address");
            return null;
        }
        return container is { } c && (parts.Length < 2 || parts[^2].Length == 0 || host is not null) ? new ComposePort(c, protocol, host, ip) : null;
    }

    private ComposePort? LongPort(YamlMappingNode map, string path)
    {
        int? target = null, published = null;
        string protocol = "tcp";
        string? ip = null;
        foreach (var (key, at, value) in Entries(map, path))
        {
            switch (key)
            {
                case "target":
                    target = Scalar(value, at) is { } t ? PortNumber(t, at, t) : null;
                    break;
                case "published":
                    published = Scalar(value, at) is { Length: > 0 } p ? PortNumber(p, at, p) : null;
                    break;
                case "protocol":
                    protocol = Scalar(value, at) ?? protocol;
                    if (protocol is not ("tcp" or "udp"))
                        Add(at, "must be tcp or udp");
                    break;
                case "host_ip":
                    ip = Scalar(value, at);
                    if (ip is not null && !System.Net.IPAddress.TryParse(ip, out _))
                        Add(at, $"'{ip}' is not an IP address");
                    break;
                case "mode" or "name" or "app_protocol":
                    Scalar(value, at);
                    break;
                default:
                    Add(at, "not a port key hiy supports (target, published, host_ip, protocol, mode, name, app_protocol)");
                    break;
            }
        }
        if (target is null && !map.Children.ContainsKey(new YamlScalarNode("target")))
            Add(path + ".target", "required");
        return target is { } c ? new ComposePort(c, protocol, published, ip) : null;
    }

    private int? PortNumber(string text, string path, string whole)
    {
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n is >= 1 and <= 65535)
            return n;
        Add(path, $"'{whole}': '{text}' is not a port (1-65535)");
        return null;
    }

    /// <summary>volumes: <c>name:/path[:ro]</c> or <c>{type: volume, source, target, read_only}</c>; host paths are refused.</summary>
    private void ReadMounts(YamlNode node, string path, List<ComposeVolumeMount> into)
    {
        foreach (var (item, at) in Items(node, path))
        {
            string? source = null, target = null, type = "volume";
            var readOnly = false;
            if (item is YamlMappingNode map)
            {
                foreach (var (key, kat, value) in Entries(map, at))
                {
                    switch (key)
                    {
                        case "type": type = Scalar(value, kat); break;
                        case "source": source = Scalar(value, kat); break;
                        case "target": target = Scalar(value, kat); break;
                        case "read_only": readOnly = Scalar(value, kat) is "true" or "yes"; break;
                        default: Add(kat, "not a volume key hiy supports (type, source, target, read_only)"); break;
                    }
                }
            }
            else if (Scalar(item, at) is { } text)
            {
                var parts = text.Split(':');
                if (parts.Length == 1)
                    target = parts[0];
                else
                {
                    (source, target) = (parts[0], parts[1]);
                    if (parts.Length > 3 || (parts.Length == 3 && parts[2] is not ("ro" or "rw")))
                        Add(at, $"'{text}' is not volume:/path[:ro|rw]");
                    readOnly = parts.Length == 3 && parts[2] == "ro";
                }
            }
            else
                continue;
            if (type == "bind" || source is not null && (source.StartsWith('/') || source.StartsWith('.') || source.StartsWith('~')))
                Add(at, $"not allowed: host bind mounts ('{source}') reach outside the deployment; use a named volume");
            else if (type != "volume")
                Add(at, $"volume type '{type}' is not supported; use a named volume");
            else if (source is null)
                Add(at, "anonymous volumes are not supported; name the volume and declare it under top-level volumes:");
            else if (!KnownVolume(source))
                Add(at, $"volume '{source}' is not declared under top-level volumes:");
            else if (target is null || !target.StartsWith('/') || target.Split('/').Any(s => s is ".." or "."))
                Add(at, $"the mount point '{target}' must be an absolute path without '.' or '..'");
            else
                into.Add(new ComposeVolumeMount(source, target, readOnly));
        }
    }

    private ComposeHealthcheck? ReadHealthcheck(YamlNode node, string path)
    {
        if (node is not YamlMappingNode map)
        {
            Add(path, "must be a mapping");
            return null;
        }
        List<string>? test = null;
        TimeSpan? interval = null, timeout = null, start = null;
        int? retries = null;
        var disabled = false;
        foreach (var (key, at, value) in Entries(map, path))
        {
            switch (key)
            {
                case "test":
                    test = Words(value, at, splitString: false);
                    if (test is [var only] && value is YamlScalarNode)
                        test = only == "NONE" ? ["NONE"] : ["CMD-SHELL", only];
                    else if (test is not null && (test.Count == 0 || test[0] is not ("CMD" or "CMD-SHELL" or "NONE")))
                        Add(at, "a list must start with CMD, CMD-SHELL or NONE");
                    else if (test is ["CMD" or "CMD-SHELL"])
                        Add(at, $"{test[0]} needs a command after it");
                    break;
                case "interval": interval = Duration(value, at); break;
                case "timeout": timeout = Duration(value, at); break;
                case "start_period": start = Duration(value, at); break;
                case "retries":
                    if (Scalar(value, at) is { } r)
                    {
                        if (int.TryParse(r, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n is >= 1 and <= 100)
                            retries = n;
                        else
                            Add(at, $"'{r}' is not a count from 1 to 100");
                    }
                    break;
                case "disable":
                    disabled = Scalar(value, at) is "true" or "yes";
                    break;
                default:
                    Add(at, "not a healthcheck key hiy supports (test, interval, timeout, start_period, retries, disable)");
                    break;
            }
        }
        if (disabled)
            return new ComposeHealthcheck(["NONE"]);
        if (test is null)
        {
            if (!map.Children.ContainsKey(new YamlScalarNode("test")))
                Add(path + ".test", "required (or disable: true)");
            return null;
        }
        return new ComposeHealthcheck(test, interval, timeout, start, retries);
    }

    private TimeSpan? Duration(YamlNode node, string path)
    {
        if (Scalar(node, path) is not { } text)
            return null;
        if (ComposeValues.Duration(text) is { } d && d > TimeSpan.Zero)
            return d;
        Add(path, $"'{text}' is not a duration (like 1m30s, 10s or 500ms)");
        return null;
    }

    private long? ReadMemory(YamlNode node, string path)
    {
        if (Scalar(node, path) is not { } text)
            return null;
        if (ComposeValues.Bytes(text) is { } b && b is >= MinMemory and <= MaxMemory)
            return b;
        Add(path, $"'{text}' is not a memory size from 16m to 64g (like 512m or 1g)");
        return null;
    }

    private double? ReadCpus(YamlNode node, string path)
    {
        if (Scalar(node, path) is not { } text)
            return null;
        if (double.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var c) && c is >= 0.01 and <= 64)
            return c;
        Add(path, $"'{text}' is not a CPU count from 0.01 to 64");
        return null;
    }

    /// <summary>deploy: only <c>resources.limits.memory</c> and <c>resources.limits.cpus</c>; replicas, placement and the rest are swarm's.</summary>
    private void ReadDeploy(YamlNode node, string path, ref long? memory, ref double? cpus)
    {
        foreach (var (key, at, value) in Entries(node, path))
        {
            if (key != "resources")
            {
                Add(at, "not supported (only deploy.resources.limits)");
                continue;
            }
            foreach (var (resKey, resAt, limits) in Entries(value, at))
            {
                if (resKey != "limits")
                {
                    Add(resAt, "not supported (only limits)");
                    continue;
                }
                foreach (var (limKey, limAt, limit) in Entries(limits, resAt))
                {
                    if (limKey == "memory")
                        memory = ReadMemory(limit, limAt) ?? memory;
                    else if (limKey == "cpus")
                        cpus = ReadCpus(limit, limAt) ?? cpus;
                    else
                        Add(limAt, "not supported (only memory and cpus)");
                }
            }
        }
    }
}
