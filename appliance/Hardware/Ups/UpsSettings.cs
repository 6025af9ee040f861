namespace Hiy.Hardware.Ups;

/// <summary>
/// How to find the UPS (config <c>ups_chip</c>, <c>ups_i2c_address</c>, <c>ups_i2c_bus</c>) and when to shut down
/// (<c>ups_shutdown_percent</c>). A null address probes the chip's usual ones.
/// </summary>
public sealed record UpsSettings(UpsChip Chip = UpsChip.Auto, int? Address = null, int Bus = 1, double ShutdownPercent = 10)
{
    public static UpsChip? ParseChip(string s) => s.ToLowerInvariant() switch
    {
        "auto" => UpsChip.Auto,
        "ina219" => UpsChip.Ina219,
        "max17048" or "max17040" => UpsChip.Max17048, // one driver: VERSION tells them apart
        "none" => UpsChip.None,
        _ => null,
    };
}
