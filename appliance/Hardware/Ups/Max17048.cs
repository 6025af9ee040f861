namespace Hiy.Hardware.Ups;

/// <summary>
/// The Maxim (ADI) MAX17048 and MAX17040 fuel gauges at 0x36 (Geekworm X120x, PiSugar-class HATs). Registers per the
/// datasheets: VCELL 0x02 (MAX17048: 78.125 µV per bit per cell, all 16 bits; MAX17040: 12 bits in 15..4 at 1.25 mV),
/// SOC 0x04 (high byte whole %, low byte 1/256 %), VERSION 0x08 (0x001X on a MAX17048/9), CRATE 0x16 (MAX17048 only:
/// signed, 0.208 %/hr, negative while discharging).
/// </summary>
public static class Max17048
{
    public const int DefaultAddress = 0x36;
    public const byte VcellRegister = 0x02;
    public const byte SocRegister = 0x04;
    public const byte VersionRegister = 0x08;
    public const byte CrateRegister = 0x16;

    public const double Vcell17048LsbV = 0.000_078_125;
    public const double Vcell17040LsbV = 0.001_25;
    public const double CrateLsbPercentPerHour = 0.208;

    public static bool Is17048(ushort version) => (version & 0xFFF0) == 0x0010;

    /// <summary>A version word either chip could answer (the MAX17040/43 family counts 1–15, the MAX17048 0x10–0x1F).</summary>
    public static bool Matches(II2cBus bus, int address) => bus.ReadWord(address, VersionRegister) is > 0 and <= 0x001F;

    public static UpsReading Read(II2cBus bus, int address)
    {
        var is17048 = Is17048(bus.ReadWord(address, VersionRegister));
        var vcell = bus.ReadWord(address, VcellRegister);
        var volts = is17048 ? vcell * Vcell17048LsbV : (vcell >> 4) * Vcell17040LsbV;
        var percent = Math.Min(100, bus.ReadWord(address, SocRegister) / 256.0);
        double? crate = is17048 ? (short)bus.ReadWord(address, CrateRegister) * CrateLsbPercentPerHour : null;
        // Only the 17048 knows whether the cell is discharging; a 17040 cannot tell mains from battery.
        bool? onBattery = crate is { } c ? c < 0 : null;
        double? minutes = crate is < 0 ? Math.Round(percent / -crate.Value * 60) : null;
        return new UpsReading(is17048 ? "max17048" : "max17040", "i2c", Math.Round(percent, 2), Math.Round(volts, 4), null,
            onBattery, minutes);
    }
}
