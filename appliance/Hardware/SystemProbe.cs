using System.Globalization;

namespace Hiy.Hardware;

/// <summary>
/// Reads the machine from /proc and /sys (no processes, no privileges). <see cref="Root"/> is "/" in
/// production; tests hand it a directory laid out like /proc and /sys. Parsing is separate and pure.
/// </summary>
public sealed class SystemProbe(string root, string diskPath, TimeProvider time)
{
    public string Root { get; } = root;

    public SystemSample Read()
    {
        var mem = ParseMeminfo(ReadOrEmpty("proc/meminfo"));
        var disk = DiskOf(diskPath);
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

    /// <summary>A thermal zone's temp file: millidegrees Celsius ("48312" → 48.3).</summary>
    public static double? ParseMillidegrees(string text) =>
        long.TryParse(text.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var m) ? Math.Round(m / 1000.0, 1) : null;
}
