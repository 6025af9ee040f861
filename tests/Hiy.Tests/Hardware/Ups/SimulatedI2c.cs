using Hiy.Hardware.Ups;

namespace Hiy.Tests.Hardware.Ups;

/// <summary>A register-level device on the simulated bus.</summary>
internal interface ISimulatedDevice
{
    ushort Read(byte register);

    void Write(byte register, ushort value);
}

/// <summary>
/// An I2C bus holding simulated devices by address; an empty address throws <see cref="IOException"/> as the kernel's
/// i2c-dev does (ENXIO/EREMOTEIO). Counts transfers, so a test can see when the reader touched the bus.
/// </summary>
internal sealed class SimulatedI2cBus : II2cBus
{
    private readonly Dictionary<int, ISimulatedDevice> _devices = [];
    private int _transfers;

    public int Transfers => Volatile.Read(ref _transfers);

    public SimulatedI2cBus With(int address, ISimulatedDevice device)
    {
        lock (_devices)
            _devices[address] = device;
        return this;
    }

    public void Unplug(int address)
    {
        lock (_devices)
            _devices.Remove(address);
    }

    public ushort ReadWord(int address, byte register) => Device(address).Read(register);

    public void WriteWord(int address, byte register, ushort value) => Device(address).Write(register, value);

    private ISimulatedDevice Device(int address)
    {
        Interlocked.Increment(ref _transfers);
        lock (_devices)
            return _devices.TryGetValue(address, out var d) ? d : throw new IOException($"Error 121 performing I2C data transfer at 0x{address:x2}");
    }
}

/// <summary>
/// An INA219 as its datasheet describes it, fed physical values: bus voltage in bits 15..3 at 4 mV (bit 1 CNVR set), shunt
/// voltage signed at 10 µV across <see cref="ShuntOhms"/>, current = shunt × calibration / 4096 (0 until calibrated),
/// power-on config 0x399F. The scales are written here from the datasheet, not taken from hiy's code.
/// </summary>
internal sealed class SimulatedIna219 : ISimulatedDevice
{
    public const double ShuntOhms = 0.1;

    public double BusVolts { get; set; }
    public double Amps { get; set; }
    public ushort Calibration { get; private set; }
    public int CalibrationWrites { get; private set; }

    public ushort Read(byte register) => register switch
    {
        0x00 => 0x399F,
        0x01 => (ushort)ShuntRaw(),
        0x02 => (ushort)(((int)Math.Round(BusVolts / 0.004) << 3) | 0x2),
        0x03 => 0,
        0x04 => (ushort)(short)(ShuntRaw() * Calibration / 4096),
        0x05 => Calibration,
        _ => throw new IOException($"INA219 has no register 0x{register:x2}"),
    };

    public void Write(byte register, ushort value)
    {
        if (register == 0x05)
        {
            Calibration = value;
            CalibrationWrites++;
        }
    }

    private short ShuntRaw() => (short)Math.Round(Amps * ShuntOhms / 0.000_01);
}

/// <summary>
/// A MAX17048 (VERSION 0x0012) or MAX17040 (VERSION 0x0003) as the datasheets describe them: VCELL at 78.125 µV per bit
/// (17048) or 12 bits in 15..4 at 1.25 mV (17040), SOC with the whole percent in the high byte and 1/256 % in the low,
/// CRATE signed at 0.208 %/hr (17048 only).
/// </summary>
internal sealed class SimulatedMax17048(bool is17040 = false) : ISimulatedDevice
{
    public double CellVolts { get; set; }
    public double Percent { get; set; }
    public double PercentPerHour { get; set; }

    public ushort Read(byte register) => register switch
    {
        0x02 => is17040 ? (ushort)((int)Math.Round(CellVolts / 0.001_25) << 4) : (ushort)Math.Round(CellVolts / 0.000_078_125),
        0x04 => (ushort)Math.Round(Percent * 256),
        0x08 => is17040 ? (ushort)0x0003 : (ushort)0x0012,
        0x16 when !is17040 => (ushort)(short)Math.Round(PercentPerHour / 0.208),
        _ => throw new IOException($"no register 0x{register:x2}"),
    };

    public void Write(byte register, ushort value)
    {
    }
}
