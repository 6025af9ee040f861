using Hiy.Hardware.Ups;

namespace Hiy.Tests.Hardware.Ups;

public class Ina219Tests
{
    [Fact]
    public void Read_WaveshareHatOnBattery_DatasheetScales()
    {
        var chip = new SimulatedIna219 { BusVolts = 8.112, Amps = -0.6 };
        var bus = new SimulatedI2cBus().With(0x42, chip);
        var r = Ina219.Read(bus, 0x42);
        Assert.Equal(4096, chip.Calibration); // 0.04096 / (100 µA × 0.1 Ω)
        Assert.Equal(8.112, r.VoltageV); // 2028 × 4 mV
        Assert.Equal(-0.6, r.CurrentA); // shunt −6000 × 10 µV = −60 mV over 0.1 Ω
        Assert.Equal(-0.06, Ina219.ShuntVolts(bus, 0x42), 6);
        Assert.Equal(2, r.Cells);
        Assert.Equal(88.0, r.BatteryPercent); // 4.056 V per cell on Waveshare's 3.0–4.2 V line
        Assert.True(r.OnBattery);
        Assert.Equal(("ina219", "i2c"), (r.Chip, r.Source));
        Assert.Null(r.EstimatedMinutes);
    }

    [Fact]
    public void Read_SingleCellCharging_PositiveCurrentOnMains()
    {
        var chip = new SimulatedIna219 { BusVolts = 4.02, Amps = 0.25 };
        var r = Ina219.Read(new SimulatedI2cBus().With(0x43, chip), 0x43);
        Assert.Equal((4.02, 0.25, 1, 85.0), (r.VoltageV!.Value, r.CurrentA!.Value, r.Cells, r.BatteryPercent!.Value));
        Assert.False(r.OnBattery);
    }

    [Fact]
    public void Read_AlreadyCalibrated_NotWrittenAgain()
    {
        var chip = new SimulatedIna219 { BusVolts = 7.4, Amps = -0.9 };
        var bus = new SimulatedI2cBus().With(0x42, chip);
        Ina219.Read(bus, 0x42);
        Assert.Equal(-0.9, Ina219.Read(bus, 0x42).CurrentA);
        Assert.Equal(1, chip.CalibrationWrites);
    }

    [Theory]
    [InlineData(8.4, 2, 100.0)]
    [InlineData(9.0, 2, 100.0)] // clamped
    [InlineData(7.2, 2, 50.0)]
    [InlineData(6.0, 2, 0.0)]
    [InlineData(3.6, 1, 50.0)]
    [InlineData(2.8, 1, 0.0)]
    public void Percent_WaveshareLine_Table(double volts, int cells, double expected)
    {
        Assert.Equal(cells, LiIonCurve.CellsOf(volts));
        Assert.Equal(expected, LiIonCurve.Percent(volts, cells));
    }
}
