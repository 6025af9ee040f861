using Hiy.Hardware.Ups;

namespace Hiy.Tests.Hardware.Ups;

public class UpsReaderTests
{
    /// <summary>A kernel-exposed battery beside the mains supply, as a fuel-gauge driver lays it out.</summary>
    internal static void WriteBattery(TempDir root, string status = "Discharging")
    {
        root.Write("sys/class/power_supply/AC/type", "Mains\n");
        root.Write("sys/class/power_supply/AC/online", status == "Discharging" ? "0\n" : "1\n");
        root.Write("sys/class/power_supply/BAT0/type", "Battery\n");
        root.Write("sys/class/power_supply/BAT0/capacity", "76\n");
        root.Write("sys/class/power_supply/BAT0/voltage_now", "7850000\n");
        root.Write("sys/class/power_supply/BAT0/current_now", "-1250000\n");
        root.Write("sys/class/power_supply/BAT0/status", status + "\n");
        root.Write("sys/class/power_supply/BAT0/time_to_empty_now", "5400\n");
    }

    [Fact]
    public void PowerSupply_BatteryDischarging_MicroUnitsConverted()
    {
        using var root = new TempDir();
        WriteBattery(root);
        var r = PowerSupplyBattery.Read(root.Path)!;
        Assert.Equal(("BAT0", "power_supply"), (r.Chip, r.Source));
        Assert.Equal((76.0, 7.85, -1.25), (r.BatteryPercent!.Value, r.VoltageV!.Value, r.CurrentA!.Value));
        Assert.True(r.OnBattery);
        Assert.Equal(90, r.EstimatedMinutes);
        Assert.Equal(3.925, r.CellVoltageV); // a 2S pack: the critical-voltage rule looks at each cell
    }

    [Theory]
    [InlineData("Charging", false)]
    [InlineData("Full", false)]
    [InlineData("Not charging", false)]
    [InlineData("Unknown", null)]
    public void PowerSupply_Status_OnBattery(string status, bool? expected)
    {
        using var root = new TempDir();
        WriteBattery(root, status);
        var r = PowerSupplyBattery.Read(root.Path)!;
        Assert.Equal(expected, r.OnBattery);
        Assert.Null(r.EstimatedMinutes); // time to empty only while discharging
    }

    [Fact]
    public void Read_AutoWithKernelBattery_PrefersItAndNeverOpensTheBus()
    {
        using var root = new TempDir();
        WriteBattery(root);
        var opened = 0;
        var reader = new UpsReader(new UpsSettings(), root.Path, () => { opened++; return new SimulatedI2cBus(); }, new ManualTimeProvider());
        Assert.Equal("power_supply", reader.Read()!.Source);
        Assert.Equal(0, opened);
    }

    [Fact]
    public void Read_AutoNoBus_NotPresent()
    {
        using var root = new TempDir();
        root.Write("sys/class/power_supply/AC/type", "Mains\n"); // a supply that is not a battery
        Assert.Null(new UpsReader(new UpsSettings(), root.Path, () => null, new ManualTimeProvider()).Read());
    }

    [Fact]
    public void Read_AutoProbe_Ina219AtItsOtherStrapping()
    {
        using var root = new TempDir();
        var bus = new SimulatedI2cBus().With(0x43, new SimulatedIna219 { BusVolts = 7.8, Amps = -0.7 });
        var r = new UpsReader(new UpsSettings(), root.Path, () => bus, new ManualTimeProvider()).Read()!;
        Assert.Equal(("ina219", 7.8), (r.Chip, r.VoltageV!.Value));
    }

    [Fact]
    public void Read_AutoProbe_FuelGaugeBeforeIna219()
    {
        using var root = new TempDir();
        var bus = new SimulatedI2cBus()
            .With(0x36, new SimulatedMax17048 { CellVolts = 3.9, Percent = 70 })
            .With(0x42, new SimulatedIna219 { BusVolts = 3.9 });
        Assert.Equal("max17048", new UpsReader(new UpsSettings(), root.Path, () => bus, new ManualTimeProvider()).Read()!.Chip);
    }

    [Fact]
    public void Read_ForcedNone_NotPresentDespiteABattery()
    {
        using var root = new TempDir();
        WriteBattery(root);
        Assert.Null(new UpsReader(new UpsSettings(UpsChip.None), root.Path, () => new SimulatedI2cBus(), new ManualTimeProvider()).Read());
    }

    [Fact]
    public void Read_ForcedIna219AtAddress_SkipsPowerSupplyAndProbe()
    {
        using var root = new TempDir();
        WriteBattery(root);
        var bus = new SimulatedI2cBus().With(0x41, new SimulatedIna219 { BusVolts = 8.0, Amps = 0.1 })
            .With(0x36, new SimulatedMax17048 { CellVolts = 3.9, Percent = 70 });
        var r = new UpsReader(new UpsSettings(UpsChip.Ina219, 0x41), root.Path, () => bus, new ManualTimeProvider()).Read()!;
        Assert.Equal(("ina219", "i2c", 8.0), (r.Chip, r.Source, r.VoltageV!.Value));
    }

    [Fact]
    public void Read_EmptyBus_ProbesAgainOnlyAfterAMinute()
    {
        using var root = new TempDir();
        var time = new ManualTimeProvider();
        var bus = new SimulatedI2cBus();
        var reader = new UpsReader(new UpsSettings(), root.Path, () => bus, time);
        Assert.Null(reader.Read());
        var probed = bus.Transfers;
        Assert.Equal(5, probed); // 0x36, 0x42, 0x40, 0x41, 0x43
        time.Advance(TimeSpan.FromSeconds(10));
        Assert.Null(reader.Read());
        Assert.Equal(probed, bus.Transfers);
        bus.With(0x42, new SimulatedIna219 { BusVolts = 8.2 });
        time.Advance(UpsReader.ReprobeAfter);
        Assert.Equal("ina219", reader.Read()!.Chip);
    }

    [Fact]
    public void Read_ChipUnplugged_NotPresentThenFoundAgain()
    {
        using var root = new TempDir();
        var time = new ManualTimeProvider();
        var bus = new SimulatedI2cBus().With(0x36, new SimulatedMax17048 { CellVolts = 3.8, Percent = 60 });
        var reader = new UpsReader(new UpsSettings(), root.Path, () => bus, time);
        Assert.NotNull(reader.Read());
        bus.Unplug(0x36);
        Assert.Null(reader.Read());
        bus.With(0x36, new SimulatedMax17048 { CellVolts = 3.8, Percent = 61 });
        time.Advance(UpsReader.ReprobeAfter);
        Assert.Equal(61, reader.Read()!.BatteryPercent);
    }
}
