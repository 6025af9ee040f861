using System.Globalization;

namespace Hiy.Hardware;

/// <summary>
/// Reads the machine from /proc and /sys (no processes, no privileges). <see cref="Root"/> is "/" in
/// production; tests hand it a directory laid out like /proc and /sys. Parsing is separate and pure.
/// </summary>
public sealed class SystemProbe(string root, string diskPath, TimeProvider time)
{
    /// <summary>The firmware's throttling word as the raspberrypi firmware driver exposes it (Pi 4 and Pi 5 kernels).</summary>
    public const string ThrottledFile = "sys/devices/platform/soc/soc:firmware/get_throttled";
    public const string Vcgencmd = "usr/bin/vcgencmd";

    public string Root { get; } = root;

    /// <summary>The file system whose space <see cref="Read"/> reports (the data dir's).</summary>
    public string DiskPath { get; } = diskPath;

    /// <summary>/proc/stat's text, for a <see cref="CpuMeter"/>.</summary>
    public string ProcStat() => ReadOrEmpty("proc/stat");

    /// <summary>The 1, 5 and 15 minute load averages, or null without /proc/loadavg.</summary>
    public double[]? Load() => ParseLoad(ReadOrEmpty("proc/loadavg"));

    /// <summary>
    /// The Pi's throttling flags: the sysfs attribute when the kernel has it (also under a Pi 5's <c>soc@…</c> bus name),
    /// else <c>vcgencmd get_throttled</c> when installed, else not available (a PC, a VM, a container without /sys).
    /// </summary>
    public async Task<Throttling> ThrottlingAsync(CancellationToken ct)
    {
        foreach (var file in ThrottledFiles())
        {
            if (Throttling.Parse(ReadOrEmpty(file)) is { } fromSysfs)
                return fromSysfs;
        }
        var vcgencmd = Path.Combine(Root, Vcgencmd);
        if (!File.Exists(vcgencmd))
            return Throttling.NotAvailable;
        try
        {
            var result = await new Core.ProcessRunner().RunAsync(vcgencmd, ["get_throttled"], timeout: TimeSpan.FromSeconds(3), cancellationToken: ct)
                .ConfigureAwait(false);
            return result.Succeeded && Throttling.Parse(result.StdOut) is { } fromTool ? fromTool : Throttling.NotAvailable;
        }
        catch (Exception e) when (e is Core.ProcessRunException or System.ComponentModel.Win32Exception or IOException)
        {
            return Throttling.NotAvailable; // not runnable (no /dev/vchiq access): the same as not there
        }
    }

    private IEnumerable<string> ThrottledFiles()
    {
        yield return ThrottledFile;
        var platform = Path.Combine(Root, "sys/devices/platform");
        if (!Directory.Exists(platform))
            yield break;
        foreach (var bus in Directory.EnumerateDirectories(platform, "soc*"))
        {
            foreach (var firmware in Directory.EnumerateDirectories(bus, "*:firmware"))
                yield return Path.Combine(firmware, "get_throttled");
        }
    }

    public SystemSample Read()
    {
        var mem = ParseMeminfo(ReadOrEmpty("proc/meminfo"));
        var disk = DiskOf(DiskPath);
        return new SystemSample(
            time.GetUtcNow(),
            FirstNumber(ReadOrEmpty("proc/uptime")) ?? 0,
            FirstNumber(ReadOrEmpty("proc/loadavg")) ?? 0,
            mem.GetValueOrDefault("MemTotal"),
            mem.GetValueOrDefault("MemAvailable"),
            disk.Total,
            disk.Free,
            Temperature());
    }

    /// <summary>A reading with the CPU % of <paramref name="cpu"/> since its previous reading (the sampler's history).</summary>
    public SystemSample Read(CpuMeter cpu) => Read() with { CpuPercent = cpu.Read() };

    /// <summary>The board model (device tree on a Pi, DMI on a PC), or null.</summary>
    public string? Model()
    {
        foreach (var file in new[] { "proc/device-tree/model", "sys/firmware/devicetree/base/model", "sys/class/dmi/id/product_name" })
        {
            var text = ReadOrEmpty(file).Trim('\0', ' ', '\n');
            if (text.Length > 0)
                return text;
        }
        return null;
    }

    /// <summary>The hottest thermal zone in °C (a Pi has one, the SoC), or null without any.</summary>
    private double? Temperature()
    {
        var dir = Path.Combine(Root, "sys/class/thermal");
        if (!Directory.Exists(dir))
            return null;
        double? hottest = null;
        foreach (var zone in Directory.EnumerateDirectories(dir, "thermal_zone*"))
        {
            if (ParseMillidegrees(ReadOrEmpty(Path.Combine(zone, "temp"))) is { } c && (hottest is null || c > hottest))
                hottest = c;
        }
        return hottest;
    }

    private static (long Total, long Free) DiskOf(string path)
    {
        try
        {
            var d = new DriveInfo(path);
            return (d.TotalSize, d.AvailableFreeSpace);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            return (0, 0);
        }
    }

    private string ReadOrEmpty(string relative)
    {
        try
        {
            return File.ReadAllText(Path.IsPathRooted(relative) ? relative : Path.Combine(Root, relative));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return "";
        }
    }

    /// <summary>/proc/meminfo lines ("MemTotal:  3884396 kB") as bytes by key.</summary>
    public static IReadOnlyDictionary<string, long> ParseMeminfo(string text)
    {
        var result = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var line in text.Split('\n'))
        {
            var colon = line.IndexOf(':');
            if (colon <= 0)
                continue;
            var parts = line[(colon + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length == 0 || !long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var n))
                continue;
            result[line[..colon]] = parts.Length > 1 && parts[1] == "kB" ? n * 1024 : n;
        }
        return result;
    }

    /// <summary>The first number of /proc/uptime or /proc/loadavg.</summary>
    public static double? FirstNumber(string text)
    {
        var first = text.Split([' ', '\n'], 2, StringSplitOptions.RemoveEmptyEntries).FirstOrDefault();
        return double.TryParse(first, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : null;
    }

    /// <summary>/proc/loadavg's first three numbers ("0.52 0.40 0.31 1/234 5678").</summary>
    public static double[]? ParseLoad(string text)
    {
        var parts = text.Split([' ', '\n'], StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length < 3)
            return null;
        var load = new double[3];
        for (var i = 0; i < 3; i++)
        {
            if (!double.TryParse(parts[i], NumberStyles.Float, CultureInfo.InvariantCulture, out load[i]))
                return null;
        }
        return load;
    }

    /// <summary>A thermal zone's temp file: millidegrees Celsius ("48312" → 48.3).</summary>
    public static double? ParseMillidegrees(string text) =>
        long.TryParse(text.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var m) ? Math.Round(m / 1000.0, 1) : null;
}
