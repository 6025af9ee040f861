using Hiy.Hardware.Ups;

namespace Hiy.Tests.Hardware.Ups;

public class Max17048Tests
{
    [Fact]
    public void Read_Max17048Discharging_DatasheetScales()
    {
        var gauge = new SimulatedMax17048 { CellVolts = 3.75, Percent = 58.5, PercentPerHour = -9.984 };
        var bus = new SimulatedI2cBus().With(0x36, gauge);
        Assert.Equal(48000, bus.ReadWord(0x36, Max17048.VcellRegister)); // 3.75 V / 78.125 µV
        Assert.Equal(0x3A80, bus.ReadWord(0x36, Max17048.SocRegister)); // 58 % + 128/256 %
        var r = Max17048.Read(bus, 0x36);
        Assert.Equal("max17048", r.Chip);
        Assert.Equal(3.75, r.VoltageV);
        Assert.Equal(58.5, r.BatteryPercent);
        Assert.True(r.OnBattery); // CRATE −48 × 0.208 %/hr
        Assert.Equal(352, r.EstimatedMinutes); // 58.5 % at 9.984 %/hr
        Assert.Null(r.CurrentA);
    }

    [Fact]
    public void Read_Max17048Charging_NotOnBatteryNoEstimate()
    {
        var gauge = new SimulatedMax17048 { CellVolts = 4.1, Percent = 91.25, PercentPerHour = 20.8 };
        var r = Max17048.Read(new SimulatedI2cBus().With(0x36, gauge), 0x36);
        Assert.Equal((4.1, 91.25), (r.VoltageV!.Value, r.BatteryPercent!.Value));
        Assert.False(r.OnBattery);
        Assert.Null(r.EstimatedMinutes);
    }

    [Fact]
    public void Read_Max17040_TwelveBitVcellNoRate()
    {
        var gauge = new SimulatedMax17048(is17040: true) { CellVolts = 3.75, Percent = 40.25 };
        var bus = new SimulatedI2cBus().With(0x36, gauge);
        Assert.Equal(3000 << 4, bus.ReadWord(0x36, Max17048.VcellRegister)); // 3.75 V / 1.25 mV in bits 15..4
        var r = Max17048.Read(bus, 0x36);
        Assert.Equal(("max17040", 3.75, 40.25), (r.Chip, r.VoltageV!.Value, r.BatteryPercent!.Value));
        Assert.Null(r.OnBattery); // no CRATE: it cannot tell mains from battery
        Assert.Null(r.EstimatedMinutes);
    }

    [Theory]
    [InlineData(0x0011, true)]
    [InlineData(0x0012, true)]
    [InlineData(0x0003, false)]
    [InlineData(0x0002, false)]
    public void Is17048_VersionWord(int version, bool expected) => Assert.Equal(expected, Max17048.Is17048((ushort)version));
}
