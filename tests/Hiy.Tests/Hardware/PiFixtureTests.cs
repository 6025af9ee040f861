using Hiy.Hardware;

namespace Hiy.Tests.Hardware;

/// <summary><see cref="SystemProbe"/> over the recorded Pi 4 and Pi 5 trees, in each recorded get_throttled state.</summary>
public class PiFixtureTests
{
    [Theory]
    [InlineData("pi4", "Raspberry Pi 4 Model B Rev 1.4", 3884396L, 3101880L, 0.31, 41873.21, 51.1)]
    [InlineData("pi5", "Raspberry Pi 5 Model B Rev 1.0", 8245152L, 7211812L, 1.08, 93011.02, 62.5)]
    public void Read_RecordedBoard_EveryFigure(string board, string model, long memTotalKb, long memAvailableKb, double load1,
        double uptime, double tempC)
    {
        using var root = Board(board, PiFixtures.Word(board, "normal"));
        var time = new ManualTimeProvider();
        var probe = new SystemProbe(root.Path, root.Path, time);
        var s = probe.Read();
        Assert.Equal(model, probe.Model()); // the device tree's trailing NUL dropped
        Assert.Equal(memTotalKb * 1024, s.MemoryTotalBytes);
        Assert.Equal(memAvailableKb * 1024, s.MemoryAvailableBytes);
        Assert.Equal(load1, s.Load1);
        Assert.Equal(uptime, s.UptimeSeconds);
        Assert.Equal(tempC, s.TemperatureC);
        Assert.Equal(time.GetUtcNow(), s.Time);
        Assert.Equal(3, probe.Load()!.Length);
    }

    [Theory]
    [InlineData("pi4", "normal", "0x0", false, false, false)]
    [InlineData("pi4", "throttled", "0x50005", true, true, true)]
    [InlineData("pi4", "under-voltage-seen", "0x50000", false, false, true)]
    [InlineData("pi5", "normal", "0x0", false, false, false)]
    [InlineData("pi5", "throttled", "0x50005", true, true, true)]
    [InlineData("pi5", "under-voltage-seen", "0x50000", false, false, true)]
    public async Task ThrottlingAsync_RecordedState_FlagsOfTheWord(string board, string state, string raw, bool underVoltageNow,
        bool throttledNow, bool underVoltageSeen)
    {
        using var root = Board(board, PiFixtures.Word(board, state));
        var t = await new SystemProbe(root.Path, root.Path, TimeProvider.System).ThrottlingAsync(default);
        Assert.True(t.Available);
        Assert.Equal(raw, t.Raw);
        Assert.Equal((underVoltageNow, throttledNow, underVoltageSeen, underVoltageSeen), (t.UnderVoltageNow, t.ThrottledNow, t.UnderVoltageSeen, t.ThrottledSeen));
        Assert.False(t.FreqCappedNow || t.SoftTempLimitNow);
    }

    [Fact]
    public async Task ThrottlingAsync_Pi5SoftTempLimit_FromItsSocBus()
    {
        using var root = PiFixtures.Pi5(PiFixtures.Word("pi5", "soft-temp-limit"));
        var t = await new SystemProbe(root.Path, root.Path, TimeProvider.System).ThrottlingAsync(default);
        Assert.Equal("0x80008", t.Raw);
        Assert.True(t.SoftTempLimitNow && t.SoftTempLimitSeen && !t.UnderVoltageNow);
    }

    private static TempDir Board(string board, string word) => board == "pi4" ? PiFixtures.Pi4(word) : PiFixtures.Pi5(word);
}
