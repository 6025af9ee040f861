using Hiy.Hardware.Ups;

namespace Hiy.Ops;

/// <summary>The UPS monitor's lines (EventIds 700–749).</summary>
internal static partial class UpsLog
{
    [LoggerMessage(EventId = 700, Level = LogLevel.Information, Message = "UPS found: {Chip} via {Source}")]
    public static partial void Found(ILogger logger, string chip, string source);

    [LoggerMessage(EventId = 701, Level = LogLevel.Warning, Message = "on battery: {Percent} %, {Volts} V")]
    public static partial void OnBattery(ILogger logger, double? percent, double? volts);

    [LoggerMessage(EventId = 702, Level = LogLevel.Information, Message = "power restored: {Percent} %, {Volts} V")]
    public static partial void PowerRestored(ILogger logger, double? percent, double? volts);

    [LoggerMessage(EventId = 703, Level = LogLevel.Critical, Message = "battery low ({Percent} %, {CellVolts} V per cell, threshold {Threshold} %): stopping apps, syncing and powering off")]
    public static partial void ShuttingDown(ILogger logger, double? percent, double? cellVolts, double threshold);

    [LoggerMessage(EventId = 704, Level = LogLevel.Information, Message = "low-battery shutdown: {Count} apps stopped")]
    public static partial void AppsStopped(ILogger logger, int count);

    [LoggerMessage(EventId = 705, Level = LogLevel.Error, Message = "low-battery shutdown: {Step} failed: {Reason}")]
    public static partial void StepFailed(ILogger logger, string step, string reason);

    [LoggerMessage(EventId = 706, Level = LogLevel.Information, Message = "low-battery shutdown: power-off requested")]
    public static partial void PowerOffRequested(ILogger logger);

    [LoggerMessage(EventId = 707, Level = LogLevel.Information, Message = "starting {Count} apps the low-battery shutdown stopped")]
    public static partial void Resuming(ILogger logger, int count);

    [LoggerMessage(EventId = 708, Level = LogLevel.Warning, Message = "UPS reading failed: {Reason}")]
    public static partial void ReadFailed(ILogger logger, string reason);

    public static void Transition(ILogger logger, UpsState state, UpsReading r)
    {
        if (state == UpsState.PowerRestored)
            PowerRestored(logger, r.BatteryPercent, r.VoltageV);
        else
            OnBattery(logger, r.BatteryPercent, r.VoltageV);
    }
}
