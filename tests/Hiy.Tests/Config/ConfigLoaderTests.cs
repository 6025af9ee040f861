using Hiy.Config;
using Tomlyn.Model;

namespace Hiy.Tests.Config;

public class ConfigLoaderTests
{
    private static readonly HiyConfig Defaults = new() { DataDir = "/var/lib/hiy" };

    private static ConfigSource Layer(string name, params (string Key, object Value)[] values) =>
        new(name, values.Select(v => new KeyValuePair<string, object>(v.Key, v.Value)).ToArray());

    [Fact]
    public void Load_NoLayers_GivesDefaults()
    {
        var r = ConfigLoader.Load(Defaults, []);
        Assert.True(r.Ok);
        Assert.Equal(80, r.Config!.HttpPort);
        Assert.Equal(443, r.Config.HttpsPort);
        Assert.Equal("unix:///var/run/docker.sock", r.Config.DockerHost);
        Assert.Equal("localhost", r.Config.Domain);
        Assert.Null(r.Config.Bind);
    }

    [Fact]
    public void Load_LaterLayer_Wins()
    {
        var toml = new TomlTable { ["http_port"] = 8080L, ["domain"] = "file.example" };
        var env = ConfigSource.FromEnvironment([new("HIY_HTTP_PORT", "9090"), new("PATH", "/bin")]);
        var flags = Layer("command line", ("domain", "flag.example"));
        var r = ConfigLoader.Load(Defaults, [ConfigLoader.FromToml("hiy.toml", toml), env, flags]);
        Assert.True(r.Ok, string.Join("; ", r.Errors));
        Assert.Equal(9090, r.Config!.HttpPort);
        Assert.Equal("flag.example", r.Config.Domain);
    }

    [Fact]
    public void Load_UnknownKey_WarnsAndContinues()
    {
        var r = ConfigLoader.Load(Defaults, [Layer("hiy.toml", ("htp_port", 1L))]);
        Assert.True(r.Ok);
        Assert.Contains(r.Warnings, w => w.Contains("unknown setting 'htp_port'"));
    }

    [Fact]
    public void Load_SeveralBadValues_ReportsEveryOne()
    {
        var r = ConfigLoader.Load(Defaults, [Layer("hiy.toml",
            ("http_port", 70000L), ("https_port", "x"), ("docker_host", "/var/run/docker.sock"),
            ("domain", "not a domain"), ("acme_directory_url", "ftp://x"), ("bind", "nowhere"), ("data_dir", 3L))]);
        Assert.False(r.Ok);
        Assert.Null(r.Config);
        Assert.Equal(7, r.Errors.Count);
        Assert.Contains(r.Errors, e => e.StartsWith("hiy.toml: http_port: must be between 1 and 65535", StringComparison.Ordinal));
        Assert.Contains(r.Errors, e => e.Contains("https_port: expected a whole number, got 'x'"));
    }

    [Theory]
    [InlineData("https_port", "0", true)]
    [InlineData("http_port", "0", false)]
    [InlineData("bind", "127.0.0.1", true)]
    [InlineData("bind", "::1", true)]
    [InlineData("docker_host", "tcp://127.0.0.1:2375", true)]
    [InlineData("domain", "Example.COM.", true)]
    [InlineData("domain", "-bad.com", false)]
    [InlineData("log_level", "debug", true)]
    [InlineData("log_level", "loud", false)]
    [InlineData("build_cache_max_mb", "0", true)]
    [InlineData("build_cache_max_mb", "-1", false)]
    [InlineData("build_cache_max_mb", "lots", false)]
    [InlineData("base_image_node", "registry.local/node:22", true)]
    [InlineData("base_image_node", "node 22", false)]
    public void Load_FromEnvironmentString_ParsesOrRejects(string key, string value, bool ok) =>
        Assert.Equal(ok, ConfigLoader.Load(Defaults, [ConfigSource.FromEnvironment([new("HIY_" + key.ToUpperInvariant(), value)])]).Ok);

    [Fact]
    public void Load_BuildCacheCap_DefaultsTo2GbAndTakesEnvironment()
    {
        Assert.Equal(2048, ConfigLoader.Load(Defaults, []).Config!.BuildCacheMaxMb);
        Assert.Equal(300, ConfigLoader.Load(Defaults, [ConfigSource.FromEnvironment([new("HIY_BUILD_CACHE_MAX_MB", "300")])]).Config!.BuildCacheMaxMb);
    }

    [Theory]
    [InlineData("0x42", 0x42)]
    [InlineData("0X36", 0x36)]
    [InlineData("64", 0x40)]
    [InlineData("auto", null)]
    public void Load_UpsAddress_HexDecimalOrAuto(string value, int? expected)
    {
        var r = ConfigLoader.Load(Defaults, [ConfigSource.FromEnvironment([new("HIY_UPS_I2C_ADDRESS", value), new("HIY_UPS_CHIP", "INA219")])]);
        Assert.Equal(expected, r.Config!.UpsI2cAddress);
        Assert.Equal("ina219", r.Config.UpsChip);
    }

    [Theory]
    [InlineData("ups_i2c_address", "0x78")]
    [InlineData("ups_i2c_address", "0x")]
    [InlineData("ups_i2c_address", "2")]
    [InlineData("ups_chip", "bq27441")]
    [InlineData("ups_shutdown_percent", "101")]
    [InlineData("ups_i2c_bus", "x")]
    public void Load_UpsBadValue_ErrorNamesTheKey(string key, string value)
    {
        var r = ConfigLoader.Load(Defaults, [Layer("f", (key, value))]);
        Assert.Null(r.Config);
        Assert.Contains(r.Errors, e => e.StartsWith($"f: {key}: ", StringComparison.Ordinal));
    }

    [Fact]
    public void Load_Ups_Defaults()
    {
        var c = ConfigLoader.Load(Defaults, []).Config!;
        Assert.Equal(("auto", (int?)null, 1, 10, "/"), (c.UpsChip, c.UpsI2cAddress, c.UpsI2cBus, c.UpsShutdownPercent, c.HardwareRoot));
    }

    [Fact]
    public void Load_Domain_IsNormalised() =>
        Assert.Equal("example.com", ConfigLoader.Load(Defaults, [Layer("f", ("domain", "Example.COM."))]).Config!.Domain);

    [Fact]
    public void Load_DnsServers_FromTomlArrayOrCommaList()
    {
        var arr = new TomlArray { "127.0.0.1:8053", "1.1.1.1" };
        Assert.Equal(["127.0.0.1:8053", "1.1.1.1"], ConfigLoader.Load(Defaults, [Layer("f", ("acme_dns_servers", arr))]).Config!.AcmeDnsServers);
        Assert.Equal(["a", "b"], ConfigLoader.Load(Defaults, [Layer("e", ("acme_dns_servers", "a, b"))]).Config!.AcmeDnsServers);
    }

    [Fact]
    public void Load_ControlHosts_NormalisedAndInvalidNamesRefused()
    {
        Assert.Equal(["pi.home.arpa", "nas.lan"], ConfigLoader.Load(Defaults, [Layer("f", ("control_hosts", new TomlArray { "Pi.Home.Arpa.", "nas.lan" }))]).Config!.ControlHosts);
        var bad = ConfigLoader.Load(Defaults, [Layer("f", ("control_hosts", "pi.lan, http://x:80"))]);
        Assert.Null(bad.Config);
        Assert.Contains(bad.Errors, e => e.Contains("control_hosts", StringComparison.Ordinal) && e.Contains("http://x:80", StringComparison.Ordinal));
    }

    [Fact]
    public void Load_MetricsAllow_AddressesAndNetworksParsedAndGarbageRefused()
    {
        var allow = ConfigLoader.Load(Defaults, [Layer("f", ("metrics_allow", new TomlArray { "192.168.1.10", "10.0.0.0/8", "fd00::/8" }))]).Config!.MetricsAllow;
        Assert.Equal(["192.168.1.10/32", "10.0.0.0/8", "fd00::/8"], allow.Select(n => n.ToString()));
        var bad = ConfigLoader.Load(Defaults, [Layer("e", ("metrics_allow", "10.0.0.1, prometheus.lan"))]);
        Assert.Null(bad.Config);
        Assert.Contains(bad.Errors, e => e.Contains("metrics_allow", StringComparison.Ordinal) && e.Contains("prometheus.lan", StringComparison.Ordinal));
    }

    [Fact]
    public void FromToml_NestedTable_BecomesDottedUnknownKey()
    {
        var toml = new TomlTable { ["wifi"] = new TomlTable { ["ssid"] = "home" } };
        var r = ConfigLoader.Load(Defaults, [ConfigLoader.FromToml("hiy.toml", toml)]);
        Assert.Contains(r.Warnings, w => w.Contains("'wifi.ssid'"));
    }

    [Fact]
    public void FromToml_ParsedFile_WarnsOnUnknownKeyAndNamesTheKeyOfAWrongType()
    {
        var parsed = TomlDocument.Parse("htp_port = 8080\nhttp_port = \"eighty\"\ndomain = 3\nacme_dns_servers = [1]\n", "/etc/hiy/hiy.toml");

        var r = ConfigLoader.Load(Defaults, [ConfigLoader.FromToml("/etc/hiy/hiy.toml", parsed.Table!)]);

        Assert.Equal(["/etc/hiy/hiy.toml: unknown setting 'htp_port' ignored"], r.Warnings);
        Assert.Equal(
            ["/etc/hiy/hiy.toml: http_port: expected a whole number, got 'eighty'", "/etc/hiy/hiy.toml: domain: expected a string",
             "/etc/hiy/hiy.toml: acme_dns_servers: expected a list of strings"],
            r.Errors);
    }

    [Fact]
    public void FromToml_ArrayOfTables_IsAnUnknownKey()
    {
        var parsed = TomlDocument.Parse("[[apps]]\nname = \"blog\"\n", "hiy.toml");

        var r = ConfigLoader.Load(Defaults, [ConfigLoader.FromToml("hiy.toml", parsed.Table!)]);

        Assert.Contains("hiy.toml: unknown setting 'apps' ignored", r.Warnings);
    }

    [Theory]
    [InlineData("/run/hiy-state", null, true, "/run/hiy-state")]
    [InlineData(null, null, true, "/var/lib/hiy")]
    [InlineData(null, "/x/data", false, "/x/data/hiy")]
    public void DefaultDataDir_PicksSystemdThenRootThenXdg(string? state, string? xdg, bool root, string expected)
    {
        var env = new Dictionary<string, string?> { ["STATE_DIRECTORY"] = state, ["XDG_DATA_HOME"] = xdg, ["HOME"] = "/home/u" };
        Assert.Equal(expected, HiyConfig.DefaultDataDir(k => env.GetValueOrDefault(k), root));
    }
}
