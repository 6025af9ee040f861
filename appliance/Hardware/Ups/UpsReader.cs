namespace Hiy.Hardware.Ups;

/// <summary>
/// Reads the UPS from the first source that has it: a chip forced by <c>ups_chip</c> → a kernel power-supply battery →
/// an I2C chip found by probing (MAX17048/40 at 0x36, then INA219 at 0x42, 0x40, 0x41, 0x43) → none (null). The bus is
/// asked for only when I2C is needed, so a Pi without a HAT never opens it; a probe that finds nothing is repeated at
/// most every <see cref="ReprobeAfter"/>, and a found chip that stops answering is forgotten and probed for again.
/// </summary>
public sealed class UpsReader(UpsSettings settings, string root, Func<II2cBus?> openBus, TimeProvider time)
{
    public static readonly TimeSpan ReprobeAfter = TimeSpan.FromMinutes(1);

    private readonly Lock _lock = new();
    private II2cBus? _bus;
    private (UpsChip Chip, int Address)? _found;
    private DateTimeOffset _nextProbe = DateTimeOffset.MinValue;

    public UpsSettings Settings { get; } = settings;

    public UpsReading? Read()
    {
        lock (_lock)
        {
            return Settings.Chip switch
            {
                UpsChip.None => null,
                UpsChip.Ina219 => ReadChip(UpsChip.Ina219, Settings.Address ?? Ina219.Addresses[0]),
                UpsChip.Max17048 => ReadChip(UpsChip.Max17048, Settings.Address ?? Max17048.DefaultAddress),
                _ => PowerSupplyBattery.Read(root) ?? AutoDetect(),
            };
        }
    }

    private UpsReading? AutoDetect()
    {
        if (_found is { } found)
        {
            if (ReadChip(found.Chip, found.Address) is { } reading)
                return reading;
            _found = null;
        }
        if (time.GetUtcNow() < _nextProbe || Bus() is not { } bus)
            return null;
        _nextProbe = time.GetUtcNow() + ReprobeAfter;
        foreach (var (chip, address) in Candidates())
        {
            try
            {
                if (chip == UpsChip.Max17048 ? Max17048.Matches(bus, address) : Ina219.Matches(bus, address))
                {
                    _found = (chip, address);
                    return ReadChip(chip, address);
                }
            }
            catch (IOException)
            {
                // nothing at this address
            }
        }
        return null;
    }

    private IEnumerable<(UpsChip, int)> Candidates()
    {
        if (Settings.Address is { } only)
            return [(UpsChip.Max17048, only), (UpsChip.Ina219, only)];
        return Ina219.Addresses.Select(a => (UpsChip.Ina219, a)).Prepend((UpsChip.Max17048, Max17048.DefaultAddress));
    }

    private UpsReading? ReadChip(UpsChip chip, int address)
    {
        if (Bus() is not { } bus)
            return null;
        try
        {
            return chip == UpsChip.Ina219 ? Ina219.Read(bus, address) : Max17048.Read(bus, address);
        }
        catch (IOException)
        {
            return null; // unplugged, or a bus error this time: not present now
        }
    }

    private II2cBus? Bus() => _bus ??= openBus();
}
