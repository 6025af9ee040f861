namespace Hiy.Hardware.Ups;

/// <summary>
/// The TI INA219 current/power monitor of the Waveshare UPS HAT (TI datasheet SBOS448, "Register Maps"): bus voltage register
/// 0x02 with the value in bits 15..3 at 4 mV per bit (bit 1 CNVR, bit 0 OVF), shunt voltage 0x01 signed at 10 µV, current
/// 0x04 signed at the Current_LSB the calibration register 0x05 sets ("Programming the Calibration Register": Cal = trunc(0.04096 / (Current_LSB × R_shunt)),
/// Current = Shunt × Cal / 4096; it reads 0 until Cal is written, and a brown-out resets it, so each reading checks it).
/// Waveshare's board has a 0.1 Ω shunt and its demo uses Current_LSB = 100 µA, so Cal = 4096.
/// </summary>
public static class Ina219
{
    public const byte ConfigRegister = 0x00;
    public const byte ShuntRegister = 0x01;
    public const byte BusRegister = 0x02;
    public const byte CurrentRegister = 0x04;
    public const byte CalibrationRegister = 0x05;

    public const double BusLsbV = 0.004;
    public const double ShuntLsbV = 0.000_01;
    public const double ShuntOhms = 0.1;
    public const double CurrentLsbA = 0.000_1;
    public static readonly ushort Calibration = (ushort)Math.Truncate(0.04096 / (CurrentLsbA * ShuntOhms));

    /// <summary>The Waveshare UPS HAT's default 0x42 first, then the other A0/A1 strappings.</summary>
    public static readonly IReadOnlyList<int> Addresses = [0x42, 0x40, 0x41, 0x43];

    /// <summary>Below this discharge the Pi is taken as still on mains (a Pi draws well over 0.5 A; noise is a few mA).</summary>
    public const double OnBatteryBelowA = -0.05;

    /// <summary>
    /// Whether the chip at <paramref name="address"/> looks like an INA219: config bits 15 (RST, self-clearing) and 14
    /// (unused) and the bus register's bit 2 (unused) read 0. Other chips at 0x40 (a PCA9685 PWM HAT) seldom pass.
    /// </summary>
    public static bool Matches(II2cBus bus, int address) =>
        (bus.ReadWord(address, ConfigRegister) & 0xC000) == 0 && (bus.ReadWord(address, BusRegister) & 0x0004) == 0;

    public static UpsReading Read(II2cBus bus, int address)
    {
        if (bus.ReadWord(address, CalibrationRegister) != Calibration)
            bus.WriteWord(address, CalibrationRegister, Calibration);
        var busV = (bus.ReadWord(address, BusRegister) >> 3) * BusLsbV;
        var currentA = (short)bus.ReadWord(address, CurrentRegister) * CurrentLsbA;
        var cells = LiIonCurve.CellsOf(busV);
        return new UpsReading("ina219", "i2c", LiIonCurve.Percent(busV, cells), Math.Round(busV, 3), Math.Round(currentA, 4),
            currentA < OnBatteryBelowA, null, cells);
    }

    /// <summary>The shunt voltage in volts (signed, 10 µV per bit): the current's raw measurement, before calibration.</summary>
    public static double ShuntVolts(II2cBus bus, int address) => (short)bus.ReadWord(address, ShuntRegister) * ShuntLsbV;
}
