using Hiy.Hardware;

namespace Hiy.Tests.Hardware;

public class SystemProbeTests
{

    [Fact]
    public void Read_PiLikeTree_EveryValue()
    {
        using var root = new TempDir();
        root.Write("proc/meminfo", "MemTotal:        3884396 kB\nMemFree:          100000 kB\nMemAvailable:    2000000 kB\nHugePages_Total:       0\n");
        root.Write("proc/loadavg", "0.52 0.40 0.31 1/234 5678\n");
        root.Write("proc/uptime", "12345.67 23456.78\n");
        root.Write("sys/class/thermal/thermal_zone0/temp", "48312\n");
        root.Write("sys/class/thermal/thermal_zone1/temp", "51000\n");
        root.Write("proc/device-tree/model", "Raspberry Pi 4 Model B Rev 1.4\0");
        var time = new ManualTimeProvider();
        var s = new SystemProbe(root.Path, root.Path, time).Read();
        Assert.Equal(time.GetUtcNow(), s.Time);
        Assert.Equal(3884396L * 1024, s.MemoryTotalBytes);
        Assert.Equal(2000000L * 1024, s.MemoryAvailableBytes);
        Assert.Equal(0.52, s.Load1);
        Assert.Equal(12345.67, s.UptimeSeconds);
        Assert.Equal(51.0, s.TemperatureC); // the hottest zone
        Assert.True(s.DiskTotalBytes > 0 && s.DiskFreeBytes <= s.DiskTotalBytes);
        Assert.Equal("Raspberry Pi 4 Model B Rev 1.4", new SystemProbe(root.Path, root.Path, time).Model());
    }

    [Fact]
    public void Read_NothingThere_ZerosAndNoTemperature()
    {
        using var root = new TempDir();
        var s = new SystemProbe(root.Path, Path.Combine(root.Path, "missing"), new ManualTimeProvider()).Read();
        Assert.Null(s.TemperatureC);
        Assert.Equal(0, s.MemoryTotalBytes);
        Assert.Equal(0, s.Load1);
        Assert.Null(new SystemProbe(root.Path, root.Path, TimeProvider.System).Model());
    }

    [Theory]
    [InlineData("48312\n", 48.3)]
    [InlineData("-5000", -5.0)]
    [InlineData("", null)]
    [InlineData("hot", null)]
    public void ParseMillidegrees_Table(string text, double? expected) => Assert.Equal(expected, SystemProbe.ParseMillidegrees(text));

    [Fact]
    public void Read_ThisMachine_HasMemoryAndUptime()
    {
        var s = new SystemProbe("/", "/", TimeProvider.System).Read();
        Assert.True(s.MemoryTotalBytes > 0 && s.UptimeSeconds > 0);
    }
}
