using System.Globalization;

namespace Hiy.Hardware.Ups;

/// <summary>
/// A battery a kernel driver exposes (the kernel's sysfs-class-power ABI): the first <c>/sys/class/power_supply/*</c>
/// whose <c>type</c> is <c>Battery</c>, with <c>capacity</c> (%), <c>voltage_now</c> (µV), <c>current_now</c> (µA),
/// <c>status</c> (Charging, Discharging, Not charging, Full, Unknown) and, where the driver has it, <c>time_to_empty_now</c> (s).
/// </summary>
public static class PowerSupplyBattery
{
    public const string ClassDir = "sys/class/power_supply";

    public static UpsReading? Read(string root)
    {
        var dir = Path.Combine(root, ClassDir);
        if (!Directory.Exists(dir))
            return null;
        foreach (var supply in Directory.EnumerateDirectories(dir).Order(StringComparer.Ordinal))
        {
            if (Text(supply, "type") != "Battery" || Text(supply, "present") == "0")
                continue;
            var status = Text(supply, "status");
            bool? onBattery = status switch
            {
                "Discharging" => true,
                "Charging" or "Full" or "Not charging" => false,
                _ => null,
            };
            var volts = Number(supply, "voltage_now") / 1e6;
            var current = Number(supply, "current_now") / 1e6;
            double? minutes = Number(supply, "time_to_empty_now") is { } s and > 0 && onBattery == true ? Math.Round(s / 60) : null;
            // The ABI gives the pack's voltage, not its cell count: take it from the voltage as for the INA219.
            return new UpsReading(Path.GetFileName(supply), "power_supply", Number(supply, "capacity"),
                volts is { } v ? Math.Round(v, 3) : null, current is { } a ? Math.Round(a, 4) : null, onBattery, minutes,
                volts is { } pack ? LiIonCurve.CellsOf(pack) : 1);
        }
        return null;
    }

    private static string? Text(string dir, string name)
    {
        try
        {
            return File.ReadAllText(Path.Combine(dir, name)).Trim();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null; // an attribute this driver does not have
        }
    }

    private static double? Number(string dir, string name) =>
        double.TryParse(Text(dir, name), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var v) ? v : null;
}
