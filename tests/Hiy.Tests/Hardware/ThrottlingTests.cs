using Hiy.Hardware;

namespace Hiy.Tests.Hardware;

public class ThrottlingTests
{
    [Theory]
    // text, under-voltage now, freq capped now, throttled now, soft limit now, uv seen, capped seen, throttled seen, soft seen, raw
    [InlineData("0", false, false, false, false, false, false, false, false, "0x0")]
    [InlineData("50005", true, false, true, false, true, false, true, false, "0x50005")] // a weak supply: under-voltage, throttled
    [InlineData("50000", false, false, false, false, true, false, true, false, "0x50000")] // it was, earlier since boot
    [InlineData("80008", false, false, false, true, false, false, false, true, "0x80008")] // hot: the soft temperature limit
    [InlineData("e0002", false, true, false, false, false, true, true, true, "0xe0002")]
    [InlineData("throttled=0x50005", true, false, true, false, true, false, true, false, "0x50005")] // vcgencmd's line
    [InlineData("throttled=0x0\n", false, false, false, false, false, false, false, false, "0x0")]
    [InlineData("0x7000F", true, true, true, true, true, true, true, false, "0x7000f")]
    public void Parse_Word_BitsPerFirmware(string text, bool uv, bool capped, bool throttled, bool soft,
        bool uvSeen, bool cappedSeen, bool throttledSeen, bool softSeen, string raw)
    {
        var t = Throttling.Parse(text);
        Assert.NotNull(t);
        Assert.True(t.Available);
        Assert.Equal((uv, capped, throttled, soft), (t.UnderVoltageNow, t.FreqCappedNow, t.ThrottledNow, t.SoftTempLimitNow));
        Assert.Equal((uvSeen, cappedSeen, throttledSeen, softSeen), (t.UnderVoltageSeen, t.FreqCappedSeen, t.ThrottledSeen, t.SoftTempLimitSeen));
        Assert.Equal(raw, t.Raw);
    }

    [Theory]
    [InlineData("")]
    [InlineData("0x")]
    [InlineData("throttled=")]
    [InlineData("hot")]
    [InlineData("123456789")]
    [InlineData("-1")]
    public void Parse_NotAWord_Null(string text) => Assert.Null(Throttling.Parse(text));

    [Fact]
    public async Task ThrottlingAsync_Pi4UnderVoltage_FromSysfs()
    {
        using var root = PiFixtures.Pi4("50005");
        var t = await new SystemProbe(root.Path, root.Path, TimeProvider.System).ThrottlingAsync(default);
        Assert.True(t.Available && t.UnderVoltageNow && t.ThrottledNow && t.UnderVoltageSeen && !t.FreqCappedNow);
    }

    [Fact]
    public async Task ThrottlingAsync_Pi5SoftLimit_FromItsBusPath()
    {
        using var root = PiFixtures.Pi5("80008");
        var t = await new SystemProbe(root.Path, root.Path, TimeProvider.System).ThrottlingAsync(default);
        Assert.True(t.Available && t.SoftTempLimitNow && t.SoftTempLimitSeen && !t.UnderVoltageNow);
    }

    [Fact]
    public async Task ThrottlingAsync_NoSysfsButVcgencmd_RunsIt()
    {
        using var root = new TempDir();
        var tool = root.Write(SystemProbe.Vcgencmd, "#!/bin/sh\n[ \"$1\" = get_throttled ] && echo throttled=0x50000\n");
        File.SetUnixFileMode(tool, UnixFileMode.UserRead | UnixFileMode.UserExecute);
        var t = await new SystemProbe(root.Path, root.Path, TimeProvider.System).ThrottlingAsync(default);
        Assert.True(t.Available && t.UnderVoltageSeen && t.ThrottledSeen && !t.UnderVoltageNow);
    }

    [Fact]
    public async Task ThrottlingAsync_OffAPi_NotAvailable()
    {
        using var root = new TempDir();
        var t = await new SystemProbe(root.Path, root.Path, TimeProvider.System).ThrottlingAsync(default);
        Assert.False(t.Available);
        Assert.Null(t.Raw);
        Assert.False(t.UnderVoltageNow || t.ThrottledSeen);
    }
}
