namespace Hiy.Store;

/// <summary>The apps' container history: one row per app per sampler tick, pruned with the machine's retention on write.</summary>
public sealed class AppSampleRepository(HiyDatabase db)
{
    /// <summary>Stores the samples of one tick; a sample of an app that no longer exists is dropped (it was deleted meanwhile).</summary>
    public void Add(IReadOnlyList<AppSample> samples, DateTimeOffset now) => db.Write((c, tx) =>
    {
        foreach (var s in samples)
        {
            c.Command("""
                INSERT INTO app_samples(app_id, at, cpu_percent, memory_bytes, memory_limit_bytes)
                SELECT id, $at, $cpu, $mem, $limit FROM apps WHERE name = $app
                """, tx)
                .With("$app", s.App).With("$at", Clock.Format(s.At)).With("$cpu", s.CpuPercent).With("$mem", s.MemoryBytes)
                .With("$limit", s.MemoryLimitBytes).ExecuteNonQuery();
        }
        c.Command("DELETE FROM app_samples WHERE at < $cut", tx).With("$cut", Clock.Format(now - SystemSampleRepository.Retention)).ExecuteNonQuery();
    });

    /// <summary>The app's samples at or after <paramref name="since"/>, oldest first.</summary>
    public IReadOnlyList<AppSample> Since(string app, DateTimeOffset since) =>
        db.Read(c => c.Command("""
            SELECT a.name, s.at, s.cpu_percent, s.memory_bytes, s.memory_limit_bytes
            FROM app_samples s JOIN apps a ON a.id = s.app_id WHERE a.name = $app AND s.at >= $since ORDER BY s.at
            """).With("$app", app).With("$since", Clock.Format(since))
            .ReadAll(r => new AppSample(r.GetString(0), Clock.Parse(r.GetString(1)), r.GetDouble(2), r.GetInt64(3), r.IsDBNull(4) ? null : r.GetInt64(4))));
}
