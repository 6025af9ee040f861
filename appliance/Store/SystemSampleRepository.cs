using Hiy.Hardware;

namespace Hiy.Store;

/// <summary>The machine's history: one row per <see cref="SystemSample"/>, older than the retention pruned on write.</summary>
public sealed class SystemSampleRepository(HiyDatabase db)
{
    public static readonly TimeSpan Retention = TimeSpan.FromDays(7);

    public void Add(SystemSample s) => db.Write((c, tx) =>
    {
        c.Command("""
            INSERT INTO system_samples(at, uptime_s, load1, memory_total_bytes, memory_available_bytes, disk_total_bytes, disk_free_bytes, temperature_c, cpu_percent)
            VALUES ($at, $up, $load, $mt, $ma, $dt, $df, $temp, $cpu)
            """, tx)
            .With("$at", Clock.Format(s.Time)).With("$up", s.UptimeSeconds).With("$load", s.Load1)
            .With("$mt", s.MemoryTotalBytes).With("$ma", s.MemoryAvailableBytes)
            .With("$dt", s.DiskTotalBytes).With("$df", s.DiskFreeBytes).With("$temp", s.TemperatureC).With("$cpu", s.CpuPercent)
            .ExecuteNonQuery();
        c.Command("DELETE FROM system_samples WHERE at < $cut", tx).With("$cut", Clock.Format(s.Time - Retention)).ExecuteNonQuery();
    });

    /// <summary>Samples at or after <paramref name="since"/>, oldest first.</summary>
    public IReadOnlyList<SystemSample> Since(DateTimeOffset since) =>
        db.Read(c => c.Command("""
            SELECT at, uptime_s, load1, memory_total_bytes, memory_available_bytes, disk_total_bytes, disk_free_bytes, temperature_c, cpu_percent
            FROM system_samples WHERE at >= $since ORDER BY at
            """).With("$since", Clock.Format(since))
            .ReadAll(r => new SystemSample(Clock.Parse(r.GetString(0)), r.GetDouble(1), r.GetDouble(2), r.GetInt64(3), r.GetInt64(4),
                r.GetInt64(5), r.GetInt64(6), r.IsDBNull(7) ? null : r.GetDouble(7), r.IsDBNull(8) ? null : r.GetDouble(8))));
}
