using Hiy.Hardware.Ups;

namespace Hiy.Tests.Hardware.Ups;

public class LowBatteryPolicyTests
{
    [Theory]
    // on battery, percent, pack volts, cells, was on battery → state
    [InlineData(false, 80.0, 8.0, 2, false, UpsState.Normal)]
    [InlineData(true, 80.0, 8.0, 2, false, UpsState.OnBattery)]
    [InlineData(true, 80.0, 8.0, 2, true, UpsState.OnBattery)]
    [InlineData(false, 80.0, 8.0, 2, true, UpsState.PowerRestored)]
    [InlineData(true, 10.0, 7.0, 2, true, UpsState.ShutdownNow)] // at the threshold
    [InlineData(true, 10.5, 7.0, 2, true, UpsState.OnBattery)]
    [InlineData(true, 40.0, 6.4, 2, true, UpsState.ShutdownNow)] // 3.2 V per cell: critical whatever the percent says
    [InlineData(true, 40.0, 3.19, 1, true, UpsState.ShutdownNow)]
    [InlineData(false, 5.0, 6.2, 2, false, UpsState.Normal)] // low but charging on mains
    public void Decide_Table(bool onBattery, double percent, double volts, int cells, bool was, UpsState expected) =>
        Assert.Equal(expected, LowBatteryPolicy.Decide(new UpsReading("ina219", "i2c", percent, volts, null, onBattery, null, cells), was, 10));

    [Fact]
    public void Decide_CannotTellMains_NeverShutsDown() =>
        Assert.Equal(UpsState.Normal, LowBatteryPolicy.Decide(new UpsReading("max17040", "i2c", 2, 3.1, null, null, null), false, 10));

    [Theory]
    [InlineData(true, UpsState.OnBattery)]
    [InlineData(false, UpsState.Normal)]
    public void Decide_NoReading_StateKept(bool was, UpsState expected) => Assert.Equal(expected, LowBatteryPolicy.Decide(null, was, 10));
}
