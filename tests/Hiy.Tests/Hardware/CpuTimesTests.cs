using Hiy.Hardware;

namespace Hiy.Tests.Hardware;

public class CpuTimesTests
{
    [Fact]
    public void Parse_Pi4Stat_BusyExcludesIdleAndIowait()
    {
        var t = CpuTimes.Parse(PiFixtures.Pi4Stat)!.Value;
        // user nice system idle iowait irq softirq steal
        Assert.Equal(118310UL + 1043 + 47911 + 4012877 + 6601 + 0 + 1952 + 0, t.Total);
        Assert.Equal(118310UL + 1043 + 47911 + 1952, t.Busy);
    }

    [Theory]
    [InlineData("")]
    [InlineData("cpu0 1 2 3 4 5\n")]
    [InlineData("cpu  1 2 x 4 5\n")]
    [InlineData("cpu  1 2\n")]
    public void Parse_NoAggregateLine_Null(string text) => Assert.Null(CpuTimes.Parse(text));

    [Theory]
    [InlineData(100, 1000, 150, 1100, 50.0)]
    [InlineData(100, 1000, 100, 1400, 0.0)]
    [InlineData(100, 1000, 500, 1400, 100.0)]
    [InlineData(100, 1000, 100, 1000, null)] // no tick passed
    [InlineData(100, 1000, 50, 900, null)] // counters went back (another boot)
    public void PercentBetween_Table(long busy0, long total0, long busy1, long total1, double? expected) =>
        Assert.Equal(expected, CpuTimes.PercentBetween(new((ulong)busy0, (ulong)total0), new((ulong)busy1, (ulong)total1)));

    [Fact]
    public void CpuMeter_SinceBootThenDeltaAndFastReadsKeepTheLast()
    {
        var stat = "cpu  100 0 100 800 0 0 0 0\n"; // 20 % busy since boot
        var meter = new CpuMeter(() => stat);
        Assert.Equal(20.0, meter.Read());
        stat = "cpu  400 0 100 1100 0 0 0 0\n"; // +300 busy of +600 total
        Assert.Equal(50.0, meter.Read());
        stat = "cpu  410 0 100 1110 0 0 0 0\n"; // 20 ticks later: too short a window, the last figure stands
        Assert.Equal(50.0, meter.Read());
        stat = "cpu  410 0 100 1710 0 0 0 0\n"; // idle since the last full reading
        Assert.Equal(1.6, meter.Read());
        Assert.Null(new CpuMeter(() => "").Read());
    }

    [Theory]
    [InlineData("0.31 0.42 0.38 2/312 18822\n", new[] { 0.31, 0.42, 0.38 })]
    [InlineData("1.08 0.87 0.66 3/401 20111", new[] { 1.08, 0.87, 0.66 })]
    [InlineData("", null)]
    [InlineData("1.0 x 2.0", null)]
    public void ParseLoad_Table(string text, double[]? expected)
    {
        var load = SystemProbe.ParseLoad(text);
        if (expected is null)
            Assert.Null(load);
        else
            Assert.Equal(expected, load!);
    }

    [Fact]
    public void Read_Pi5Fixture_EveryFigure()
    {
        using var root = PiFixtures.Pi5("0");
        var probe = new SystemProbe(root.Path, root.Path, new ManualTimeProvider());
        var s = probe.Read(new CpuMeter(probe.ProcStat));
        Assert.Equal("Raspberry Pi 5 Model B Rev 1.0", probe.Model());
        Assert.Equal(8245152L * 1024, s.MemoryTotalBytes);
        Assert.Equal(7211812L * 1024, s.MemoryAvailableBytes);
        Assert.Equal(62.5, s.TemperatureC);
        Assert.Equal(93011.02, s.UptimeSeconds);
        Assert.Equal([1.08, 0.87, 0.66], probe.Load()!);
        Assert.Equal(5.3, s.CpuPercent); // (402117+2113+98011+4102) busy of 9643610 ticks since boot
    }
}
