using System.Globalization;
using Hiy.Core;
using Tomlyn.Model;

namespace Hiy.Config;

/// <summary>
/// Applies setting layers in rising priority onto the built-in defaults. Pure: the caller reads the
/// file and the environment; this only decides.
/// </summary>
public static class ConfigLoader
{
    private delegate HiyConfig Apply(HiyConfig config, object raw, List<string> errors, string where);

    private static readonly Dictionary<string, Apply> Keys = new(StringComparer.Ordinal)
    {
        ["data_dir"] = (c, v, e, w) => Str(v, e, w) is { } s ? NonEmpty(s, e, w) is { } d ? c with { DataDir = d } : c : c,
        ["http_port"] = (c, v, e, w) => Port(v, e, w, allowZero: false) is { } p ? c with { HttpPort = p } : c,
        ["https_port"] = (c, v, e, w) => Port(v, e, w, allowZero: true) is { } p ? c with { HttpsPort = p } : c,
        ["bind"] = ApplyBind,
        ["docker_host"] = (c, v, e, w) => Str(v, e, w) is { } s ? DockerHost(s, e, w) is { } d ? c with { DockerHost = d } : c : c,
        ["domain"] = (c, v, e, w) => Str(v, e, w) is { } s ? Domain(s, e, w) is { } d ? c with { Domain = d } : c : c,
        ["acme_directory_url"] = (c, v, e, w) => Str(v, e, w) is { } s ? Url(s, e, w) is { } u ? c with { AcmeDirectoryUrl = u } : c : c,
        ["acme_ca_bundle"] = (c, v, e, w) => Str(v, e, w) is { } s ? c with { AcmeCaBundle = s.Length == 0 ? null : s } : c,
        ["acme_dns_servers"] = (c, v, e, w) => StrList(v, e, w) is { } l ? c with { AcmeDnsServers = l } : c,
        ["cloudflare_api_base"] = (c, v, e, w) => Str(v, e, w) is { } s ? Url(s, e, w) is { } u ? c with { CloudflareApiBase = u.TrimEnd('/') } : c : c,
        ["setup_code"] = (c, v, e, w) => Str(v, e, w) is { } s ? c with { SetupCode = s.Length == 0 ? null : s } : c,
        ["control_hosts"] = (c, v, e, w) => StrList(v, e, w) is { } l ? Hosts(l, e, w) is { } h ? c with { ControlHosts = h } : c : c,
        ["ops_dir"] = (c, v, e, w) => Str(v, e, w) is { } s ? NonEmpty(s, e, w) is { } d ? c with { OpsDir = d } : c : c,
        ["max_api_body_bytes"] = (c, v, e, w) => Int(v, e, w, 1024, 1L << 30) is { } n ? c with { MaxApiBodyBytes = n } : c,
        ["base_image_node"] = (c, v, e, w) => Str(v, e, w) is { } s ? Image(s, e, w) is { } i ? c with { BaseImageNode = i } : c : c,
        ["base_image_python"] = (c, v, e, w) => Str(v, e, w) is { } s ? Image(s, e, w) is { } i ? c with { BaseImagePython = i } : c : c,
        ["base_image_go"] = (c, v, e, w) => Str(v, e, w) is { } s ? Image(s, e, w) is { } i ? c with { BaseImageGo = i } : c : c,
        ["build_cache_max_mb"] = (c, v, e, w) => Int(v, e, w, 0, 1 << 20) is { } n ? c with { BuildCacheMaxMb = (int)n } : c,
        ["backup_dir"] = (c, v, e, w) => Str(v, e, w) is { } s ? c with { BackupDir = s.Length == 0 ? null : s } : c,
        ["backup_retention_days"] = (c, v, e, w) => Int(v, e, w, 0, 36500) is { } n ? c with { BackupRetentionDays = (int)n } : c,
        ["log_level"] = (c, v, e, w) => Str(v, e, w) is { } s ? LogLevel(s, e, w) is { } l ? c with { LogLevel = l } : c : c,
        ["metrics_allow"] = (c, v, e, w) => StrList(v, e, w) is { } l ? Networks(l, e, w) is { } n ? c with { MetricsAllow = n } : c : c,
        ["hardware_root"] = (c, v, e, w) => Str(v, e, w) is { } s ? NonEmpty(s, e, w) is { } d ? c with { HardwareRoot = d } : c : c,
        ["ups_chip"] = (c, v, e, w) => Str(v, e, w) is { } s ? UpsChip(s, e, w) is { } u ? c with { UpsChip = u } : c : c,
        ["ups_i2c_address"] = ApplyUpsAddress,
        ["ups_i2c_bus"] = (c, v, e, w) => Int(v, e, w, 0, 255) is { } n ? c with { UpsI2cBus = (int)n } : c,
        ["ups_shutdown_percent"] = (c, v, e, w) => Int(v, e, w, 0, 100) is { } n ? c with { UpsShutdownPercent = (int)n } : c,
    };

    /// <summary>Every key a config file may hold.</summary>
    public static IReadOnlyCollection<string> KnownKeys => Keys.Keys;

    public static ConfigResult Load(HiyConfig defaults, IEnumerable<ConfigSource> layers)
    {
        var config = defaults;
        var warnings = new List<string>();
        var errors = new List<string>();
        foreach (var layer in layers)
        {
            foreach (var (key, raw) in layer.Values)
            {
                if (!Keys.TryGetValue(key, out var apply))
                {
                    // An unknown key is most likely a typo or a newer setting: say so, keep running.
                    warnings.Add($"{layer.Name}: unknown setting '{key}' ignored");
                    continue;
                }
                config = apply(config, raw, errors, $"{layer.Name}: {key}");
            }
        }
        return new ConfigResult(errors.Count == 0 ? config : null, warnings, errors);
    }

    /// <summary>A parsed TOML file (<see cref="TomlDocument"/>) as a layer; nested tables are reported as unknown dotted keys.</summary>
    public static ConfigSource FromToml(string name, TomlTable table)
    {
        var values = new List<KeyValuePair<string, object>>();
        Flatten(table, "", values);
        return new ConfigSource(name, values);
    }

    private static void Flatten(TomlTable table, string prefix, List<KeyValuePair<string, object>> into)
    {
        foreach (var (key, value) in table)
        {
            if (value is TomlTable inner)
                Flatten(inner, prefix + key + ".", into);
            else
                into.Add(new(prefix + key, value));
        }
    }

    private static string? Str(object raw, List<string> errors, string where)
    {
        if (raw is string s)
            return s.Trim();
        errors.Add($"{where}: expected a string");
        return null;
    }

    private static string? NonEmpty(string s, List<string> errors, string where)
    {
        if (s.Length > 0)
            return s;
        errors.Add($"{where}: must not be empty");
        return null;
    }

    private static long? Int(object raw, List<string> errors, string where, long min, long max)
    {
        long? value = raw switch
        {
            long l => l,
            string s when long.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var p) => p,
            _ => null,
        };
        if (value is null)
        {
            errors.Add($"{where}: expected a whole number, got {Describe(raw)}");
            return null;
        }
        if (value < min || value > max)
        {
            errors.Add($"{where}: must be between {min} and {max}, got {value}");
            return null;
        }
        return value;
    }

    private static int? Port(object raw, List<string> errors, string where, bool allowZero) =>
        (int?)Int(raw, errors, where, allowZero ? 0 : 1, 65535);

    private static IReadOnlyList<string>? StrList(object raw, List<string> errors, string where)
    {
        switch (raw)
        {
            case string s:
                return s.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            case TomlArray a when a.All(x => x is string):
                return a.Cast<string>().ToArray();
            default:
                errors.Add($"{where}: expected a list of strings");
                return null;
        }
    }

    private static HiyConfig ApplyBind(HiyConfig config, object raw, List<string> errors, string where)
    {
        if (Str(raw, errors, where) is not { } s)
            return config;
        if (s.Length == 0 || s is "*" or "0.0.0.0" or "::")
            return config with { Bind = null };
        if (System.Net.IPAddress.TryParse(s, out _))
            return config with { Bind = s };
        errors.Add($"{where}: '{s}' is not an IP address");
        return config;
    }

    private static string? DockerHost(string s, List<string> errors, string where)
    {
        if ((s.StartsWith("unix:///", StringComparison.Ordinal) && s.Length > 8) || s.StartsWith("tcp://", StringComparison.Ordinal))
            return s;
        errors.Add($"{where}: '{s}' must look like unix:///var/run/docker.sock or tcp://127.0.0.1:2375");
        return null;
    }

    private static string? Url(string s, List<string> errors, string where)
    {
        if (Uri.TryCreate(s, UriKind.Absolute, out var u) && (u.Scheme == Uri.UriSchemeHttps || u.Scheme == Uri.UriSchemeHttp))
            return s;
        errors.Add($"{where}: '{s}' is not an http(s) URL");
        return null;
    }

    private static string? Domain(string s, List<string> errors, string where)
    {
        var d = s.TrimEnd('.').ToLowerInvariant();
        if (DomainName.IsValid(d) && !DomainName.LooksLikeAddress(d))
            return d;
        errors.Add($"{where}: '{s}' is not a valid domain name");
        return null;
    }

    /// <summary>Host names for <c>control_hosts</c>: each a DNS name (no port, no scheme), lower-cased.</summary>
    private static IReadOnlyList<string>? Hosts(IReadOnlyList<string> names, List<string> errors, string where)
    {
        var hosts = new List<string>();
        foreach (var n in names)
        {
            if (Domain(n, errors, where) is { } d)
                hosts.Add(d);
        }
        return hosts.Count == names.Count ? hosts : null;
    }

    /// <summary>Scraper addresses for <c>metrics_allow</c>: each an IP address or a CIDR network (a bare address is a /32 or /128).</summary>
    private static IReadOnlyList<System.Net.IPNetwork>? Networks(IReadOnlyList<string> items, List<string> errors, string where)
    {
        var networks = new List<System.Net.IPNetwork>();
        foreach (var item in items)
        {
            if (System.Net.IPNetwork.TryParse(item, out var network))
                networks.Add(network);
            else if (System.Net.IPAddress.TryParse(item, out var address))
                networks.Add(new System.Net.IPNetwork(address, address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 32 : 128));
            else
                errors.Add($"{where}: '{item}' is not an IP address or CIDR network (e.g. 192.168.1.10 or 10.0.0.0/8)");
        }
        return networks.Count == items.Count ? networks : null;
    }

    /// <summary>An image reference as a Dockerfile's FROM takes it: no spaces, no control characters.</summary>
    private static string? Image(string s, List<string> errors, string where)
    {
        if (s.Length is > 0 and <= 255 && !s.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)))
            return s;
        errors.Add($"{where}: '{s}' is not an image reference (e.g. node:22-alpine)");
        return null;
    }

    private static string? LogLevel(string s, List<string> errors, string where)
    {
        var l = s.ToLowerInvariant();
        if (l is "trace" or "debug" or "information" or "warning" or "error" or "critical")
            return l;
        errors.Add($"{where}: '{s}' must be one of trace, debug, information, warning, error, critical");
        return null;
    }

    private static string? UpsChip(string s, List<string> errors, string where)
    {
        var chip = s.ToLowerInvariant();
        if (chip is "auto" or "ina219" or "max17048" or "max17040" or "none")
            return chip;
        errors.Add($"{where}: '{s}' must be one of auto, ina219, max17048, none");
        return null;
    }

    /// <summary>A 7-bit I2C address as a number (66) or hex ("0x42"); "" or "auto" probes again.</summary>
    private static HiyConfig ApplyUpsAddress(HiyConfig config, object raw, List<string> errors, string where)
    {
        long? value = raw switch
        {
            long l => l,
            string s when s.Trim() is "" or "auto" => -1,
            string s when s.Trim().StartsWith("0x", StringComparison.OrdinalIgnoreCase)
                && long.TryParse(s.Trim()[2..], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var h) => h,
            string s when long.TryParse(s.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var d) => d,
            _ => null,
        };
        if (value == -1)
            return config with { UpsI2cAddress = null };
        if (value is >= 0x03 and <= 0x77)
            return config with { UpsI2cAddress = (int)value };
        errors.Add($"{where}: expected an I2C address between 0x03 and 0x77 (e.g. 0x42), got {Describe(raw)}");
        return config;
    }

    private static string Describe(object raw) => raw switch
    {
        string s => $"'{s}'",
        double d => d.ToString(CultureInfo.InvariantCulture),
        bool b => b ? "true" : "false",
        Tomlyn.TomlDateTime => "a date/time",
        TomlArray => "an array",
        TomlTableArray => "an array of tables",
        _ => raw.GetType().Name,
    };
}
