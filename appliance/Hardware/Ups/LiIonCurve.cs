namespace Hiy.Hardware.Ups;

/// <summary>
/// Battery percent from the voltage, for a UPS whose chip has no fuel gauge (the INA219 only measures). The curve is
/// Waveshare's own for its UPS HATs, linear per Li-ion cell from 3.0 V (0 %) to 4.2 V (100 %): the UPS HAT wiki's
/// demo INA219.py computes <c>(bus_voltage - 6) / 2.4 * 100</c> for the 2S UPS HAT and <c>(bus_voltage - 3) / 1.2 * 100</c>
/// for the 1S UPS HAT (C). Coarse in the flat middle of a cell's discharge, but it matches what the board's vendor shows.
/// </summary>
public static class LiIonCurve
{
    public const double EmptyCellV = 3.0;
    public const double FullCellV = 4.2;

    /// <summary>A 2S pack reads 6.0–8.4 V and a single cell never above 4.2 V: above 5 V there are two cells.</summary>
    public static int CellsOf(double packV) => packV > 5.0 ? 2 : 1;

    /// <summary>0–100, one decimal.</summary>
    public static double Percent(double packV, int cells)
    {
        var perCell = packV / cells;
        var p = (perCell - EmptyCellV) / (FullCellV - EmptyCellV) * 100;
        return Math.Round(Math.Clamp(p, 0, 100), 1);
    }
}
