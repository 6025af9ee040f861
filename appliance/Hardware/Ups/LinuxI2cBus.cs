using System.Device.I2c;

namespace Hiy.Hardware.Ups;

/// <summary>
/// <c>/dev/i2c-N</c> through System.Device.Gpio's <see cref="I2cDevice"/>, one device handle per address opened on first
/// use, so a machine without a UPS HAT pays nothing at start-up. Every failure (no adapter, no permission, no answer)
/// surfaces as <see cref="IOException"/>, the one failure <see cref="II2cBus"/> promises.
/// </summary>
public sealed class LinuxI2cBus(int busId) : II2cBus, IDisposable
{
    private readonly Dictionary<int, I2cDevice> _devices = [];
    private readonly Lock _lock = new();

    public static string DevicePath(int busId) => $"/dev/i2c-{busId}";

    public ushort ReadWord(int address, byte register)
    {
        Span<byte> reply = stackalloc byte[2];
        try
        {
            lock (_lock)
                Device(address).WriteRead([register], reply);
        }
        catch (Exception e) when (IsAccessFailure(e))
        {
            throw new IOException($"i2c-{busId} 0x{address:x2}: {e.Message}", e);
        }
        return (ushort)((reply[0] << 8) | reply[1]);
    }

    public void WriteWord(int address, byte register, ushort value)
    {
        try
        {
            lock (_lock)
                Device(address).Write([register, (byte)(value >> 8), (byte)value]);
        }
        catch (Exception e) when (IsAccessFailure(e))
        {
            throw new IOException($"i2c-{busId} 0x{address:x2}: {e.Message}", e);
        }
    }

    private static bool IsAccessFailure(Exception e) =>
        e is UnauthorizedAccessException or PlatformNotSupportedException or InvalidOperationException;

    private I2cDevice Device(int address)
    {
        if (!_devices.TryGetValue(address, out var device))
            _devices[address] = device = I2cDevice.Create(new I2cConnectionSettings(busId, address));
        return device;
    }

    public void Dispose()
    {
        lock (_lock)
        {
            foreach (var d in _devices.Values)
                d.Dispose();
            _devices.Clear();
        }
    }
}
