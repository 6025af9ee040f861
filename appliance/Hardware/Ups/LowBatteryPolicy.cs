namespace Hiy.Hardware.Ups;

/// <summary>What one UPS reading means for the machine.</summary>
public enum UpsState { Normal, OnBattery, PowerRestored, ShutdownNow }

/// <summary>
/// The safe-shutdown rule, pure: on battery at or below the threshold (<c>ups_shutdown_percent</c>, 10 % by default) or
/// with a cell at or below <see cref="CriticalCellV"/> (a Li-ion cell under load is nearly empty there, and the HAT's
/// protection cuts off not far below), shut down. A source that cannot tell mains from battery (a MAX17040, a driver
/// answering "Unknown") never triggers it: a discharged battery charging on mains must not power the Pi off at every boot.
/// A missing reading (one failed I2C transfer) keeps the state as it was.
/// </summary>
public static class LowBatteryPolicy
{
    public const double CriticalCellV = 3.2;
    public const double DefaultShutdownPercent = 10;

    public static UpsState Decide(UpsReading? reading, bool wasOnBattery, double shutdownPercent)
    {
        if (reading?.OnBattery is not { } onBattery)
            return wasOnBattery ? UpsState.OnBattery : UpsState.Normal;
        if (!onBattery)
            return wasOnBattery ? UpsState.PowerRestored : UpsState.Normal;
        var low = reading.BatteryPercent is { } p && p <= shutdownPercent;
        var critical = reading.CellVoltageV is { } v and > 0 && v <= CriticalCellV;
        return low || critical ? UpsState.ShutdownNow : UpsState.OnBattery;
    }
}
