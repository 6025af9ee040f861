namespace Hiy.Hardware.Ups;

/// <summary>Which chip a reading came from (<c>ups_chip</c> forces one; <see cref="Auto"/> probes).</summary>
public enum UpsChip { Auto, Ina219, Max17048, None }

/// <summary>
/// One reading of the UPS: figures the source does not give are null (a MAX17040 has no charge rate, an INA219 no fuel
/// gauge, so its percent comes from the voltage). <see cref="Chip"/> is <c>ina219</c>, <c>max17048</c>, <c>max17040</c>
/// or the kernel's power-supply name; <see cref="Source"/> is <c>i2c</c> or <c>power_supply</c>.
/// <see cref="CurrentA"/> is positive while charging, negative while the battery feeds the Pi.
/// </summary>
public sealed record UpsReading(
    string Chip,
    string Source,
    double? BatteryPercent,
    double? VoltageV,
    double? CurrentA,
    bool? OnBattery,
    double? EstimatedMinutes,
    int Cells = 1)
{
    /// <summary>The battery voltage per series cell, for the critical-voltage rule.</summary>
    public double? CellVoltageV => VoltageV / Cells;
}
