namespace Hiy.Config;

/// <summary>
/// The appliance's settings (API.md "Process and configuration"), after every layer has been applied:
/// built-in defaults → TOML file → <c>HIY_*</c> environment → command-line flags.
/// </summary>
public sealed record HiyConfig
{
    public const string DefaultConfigPath = "/etc/hiy/hiy.toml";
    public const string LetsEncryptProduction = "https://acme-v02.api.letsencrypt.org/directory";

    public required string DataDir { get; init; }
    public int HttpPort { get; init; } = 80;
    /// <summary>0 turns the HTTPS listener off.</summary>
    public int HttpsPort { get; init; } = 443;
    /// <summary>Null listens on every interface.</summary>
    public string? Bind { get; init; }
    public string DockerHost { get; init; } = "unix:///var/run/docker.sock";
    public string Domain { get; init; } = "localhost";
    public string AcmeDirectoryUrl { get; init; } = LetsEncryptProduction;
    public string? AcmeCaBundle { get; init; }
    public IReadOnlyList<string> AcmeDnsServers { get; init; } = [];
    public string CloudflareApiBase { get; init; } = "https://api.cloudflare.com/client/v4";
    /// <summary>When set, the first-run wizard asks for it (pre-seeded on the boot partition by the image).</summary>
    public string? SetupCode { get; init; }
    /// <summary>Extra Host names the control plane (dashboard, API) answers on; see <c>ProxyOptions.ControlHosts</c>.</summary>
    public IReadOnlyList<string> ControlHosts { get; init; } = [];

    /// <summary>Scraper addresses (IPs, CIDR networks) that may read GET /metrics without an API token; empty: token only.</summary>
    public IReadOnlyList<System.Net.IPNetwork> MetricsAllow { get; init; } = [];
    /// <summary>Where hiy drops operation requests for the image's root-side hiy-ops (hiy-ops.path watches it).</summary>
    public string OpsDir { get; init; } = "/run/hiy/ops";
    /// <summary>Largest JSON body the API accepts; bigger ones get 413.</summary>
    public long MaxApiBodyBytes { get; init; } = 1 << 20;
    /// <summary>Base images of generated Dockerfiles (and of static-site builds: node), so a Pi owner can pin or mirror them.</summary>
    public string BaseImageNode { get; init; } = "node:22-alpine";
    public string BaseImagePython { get; init; } = "python:3.12-slim";
    public string BaseImageGo { get; init; } = "golang:1.23-alpine";
    /// <summary>Cap on the disk hiy's own images and build layers may take; after each build hiy prunes its unused ones down to it.</summary>
    public int BuildCacheMaxMb { get; init; } = 2048;
    /// <summary>Where backups go (may be a USB stick's mount point); null means <c>&lt;data_dir&gt;/backups</c>.</summary>
    public string? BackupDir { get; init; }
    /// <summary>Backups older than this many days are deleted after the daily backup (the newest is always kept); 0 keeps all.</summary>
    public int BackupRetentionDays { get; init; } = 30;
    /// <summary>Minimum level written to the log: trace, debug, information, warning, error.</summary>
    public string LogLevel { get; init; } = "information";
    /// <summary>Where /proc and /sys are read from ("/"; a test points it at a recorded tree).</summary>
    public string HardwareRoot { get; init; } = "/";
    /// <summary>The UPS HAT: auto|ina219|max17048|none, a forced I2C address (null probes), the bus (/dev/i2c-N), the shutdown threshold.</summary>
    public string UpsChip { get; init; } = "auto";
    public int? UpsI2cAddress { get; init; }
    public int UpsI2cBus { get; init; } = 1;
    public int UpsShutdownPercent { get; init; } = 10;

    /// <summary>Where state goes when nothing says otherwise: systemd's StateDirectory, /var/lib/hiy as root, else the user's data dir.</summary>
    public static string DefaultDataDir(Func<string, string?> env, bool isRoot)
    {
        var state = env("STATE_DIRECTORY");
        if (!string.IsNullOrEmpty(state))
            return state.Split(':')[0];
        if (isRoot)
            return "/var/lib/hiy";
        var xdg = env("XDG_DATA_HOME");
        var home = env("HOME");
        return !string.IsNullOrEmpty(xdg) ? Path.Combine(xdg, "hiy")
            : !string.IsNullOrEmpty(home) ? Path.Combine(home, ".local", "share", "hiy")
            : Path.Combine(Path.GetTempPath(), "hiy");
    }
}
