using System.Globalization;

namespace Hiy.Hardware;

/// <summary>
/// The machine's CPU time from the first line of /proc/stat (proc(5): user nice system idle iowait irq softirq steal, in
/// USER_HZ ticks since boot). The CPU % is the busy share of the ticks between two readings, so no reading has to sleep.
/// </summary>
public readonly record struct CpuTimes(ulong Busy, ulong Total)
{
    /// <summary>The aggregate "cpu " line, or null when there is none (not Linux, or an unreadable /proc).</summary>
    public static CpuTimes? Parse(string procStat)
    {
        foreach (var line in procStat.Split('\n'))
        {
            if (!line.StartsWith("cpu ", StringComparison.Ordinal))
                continue;
            var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length < 5)
                return null;
            ulong total = 0, idle = 0;
            // guest and guest_nice (fields 9, 10) are already counted in user and nice
            for (var i = 1; i < Math.Min(fields.Length, 9); i++)
            {
                if (!ulong.TryParse(fields[i], NumberStyles.None, CultureInfo.InvariantCulture, out var v))
                    return null;
                total += v;
                if (i is 4 or 5) // idle, iowait
                    idle += v;
            }
            return new CpuTimes(total - idle, total);
        }
        return null;
    }

    /// <summary>0–100 (all cores together) between two readings; null when no tick passed (or the counters went back).</summary>
    public static double? PercentBetween(CpuTimes earlier, CpuTimes later)
    {
        if (later.Total <= earlier.Total || later.Busy < earlier.Busy)
            return null;
        var percent = (later.Busy - earlier.Busy) * 100.0 / (later.Total - earlier.Total);
        return Math.Round(Math.Min(percent, 100), 1);
    }
}
