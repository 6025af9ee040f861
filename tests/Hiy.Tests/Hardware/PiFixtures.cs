namespace Hiy.Tests.Hardware;

/// <summary>
/// /proc and /sys as a Raspberry Pi 4 (4 GB, Raspberry Pi OS 12, kernel 6.6) and a Pi 5 (8 GB) show them, laid out under a
/// scratch root for <see cref="Hiy.Hardware.SystemProbe"/>. The get_throttled word is what the firmware driver prints (hex,
/// no 0x); the Pi 5's firmware node sits under its <c>soc@107c000000</c> bus.
/// </summary>
internal static class PiFixtures
{
    public const string Pi4Stat = """
        cpu  118310 1043 47911 4012877 6601 0 1952 0 0 0
        cpu0 30517 254 12398 1001311 1797 0 1313 0 0 0
        cpu1 29118 262 11781 1004542 1605 0 241 0 0 0
        cpu2 29547 267 11983 1003667 1654 0 198 0 0 0
        cpu3 29126 258 11747 1003355 1543 0 199 0 0 0
        intr 24386512 0 11447 2155006 0 0 0 0 0 0 0 0 0 0
        ctxt 40311207
        btime 1764640000
        processes 39812
        procs_running 1
        procs_blocked 0

        """;

    public const string Pi4Meminfo = """
        MemTotal:        3884396 kB
        MemFree:         1913432 kB
        MemAvailable:    3101880 kB
        Buffers:           72432 kB
        Cached:          1214984 kB
        SwapCached:            0 kB

        """;

    public static TempDir Pi4(string throttled)
    {
        var root = new TempDir();
        root.Write("proc/device-tree/model", "Raspberry Pi 4 Model B Rev 1.5\0");
        root.Write("proc/stat", Pi4Stat);
        root.Write("proc/meminfo", Pi4Meminfo);
        root.Write("proc/loadavg", "0.31 0.42 0.38 2/312 18822\n");
        root.Write("proc/uptime", "41873.21 163201.77\n");
        root.Write("sys/class/thermal/thermal_zone0/temp", "51121\n");
        root.Write("sys/devices/platform/soc/soc:firmware/get_throttled", throttled + "\n");
        return root;
    }

    public static TempDir Pi5(string throttled)
    {
        var root = new TempDir();
        root.Write("proc/device-tree/model", "Raspberry Pi 5 Model B Rev 1.0\0");
        root.Write("proc/stat", "cpu  402117 2113 98011 9133877 3390 0 4102 0 0 0\ncpu0 100529 528 24502 2283469 847 0 1025 0 0 0\n");
        root.Write("proc/meminfo", "MemTotal:        8245152 kB\nMemFree:         6021336 kB\nMemAvailable:    7211812 kB\n");
        root.Write("proc/loadavg", "1.08 0.87 0.66 3/401 20111\n");
        root.Write("proc/uptime", "93011.02 361992.30\n");
        root.Write("sys/class/thermal/thermal_zone0/temp", "62500\n");
        root.Write("sys/devices/platform/soc@107c000000/soc@107c000000:firmware/get_throttled", throttled + "\n");
        return root;
    }
}
