namespace Hiy.Store;

/// <summary>The apps' uptime checks: a week of history, at most <see cref="MaxRows"/> rows, pruned on write.</summary>
public sealed class UptimeRepository(HiyDatabase db)
{
    public static readonly TimeSpan Retention = TimeSpan.FromDays(7);

    /// <summary>A week of checks every 30 s is 20,160 rows for one app; more apps shorten the history rather than grow the file.</summary>
    public const int MaxRows = 20_000;

    /// <summary>Stores one round of checks; a check of an app deleted meanwhile is dropped.</summary>
    public void Add(IReadOnlyList<UptimeCheck> checks, DateTimeOffset now) => db.Write((c, tx) =>
    {
        foreach (var check in checks)
        {
            c.Command("""
                INSERT INTO uptime_checks(app_id, at, status, up, latency_ms, error)
                SELECT id, $at, $status, $up, $ms, $error FROM apps WHERE name = $app
                """, tx)
                .With("$app", check.App).With("$at", Clock.Format(check.At)).With("$status", check.Status).With("$up", check.Up ? 1 : 0)
                .With("$ms", check.LatencyMs).With("$error", check.Error).ExecuteNonQuery();
        }
        c.Command("DELETE FROM uptime_checks WHERE at < $cut", tx).With("$cut", Clock.Format(now - Retention)).ExecuteNonQuery();
        c.Command("DELETE FROM uptime_checks WHERE id <= (SELECT id FROM uptime_checks ORDER BY id DESC LIMIT 1 OFFSET $max)", tx)
            .With("$max", MaxRows).ExecuteNonQuery();
    });

    /// <summary>The app's last <paramref name="limit"/> checks, newest first.</summary>
    public IReadOnlyList<UptimeCheck> Recent(string app, int limit) =>
        db.Read(c => c.Command("""
            SELECT a.name, u.at, u.status, u.up, u.latency_ms, u.error
            FROM uptime_checks u JOIN apps a ON a.id = u.app_id WHERE a.name = $app ORDER BY u.at DESC, u.id DESC LIMIT $limit
            """).With("$app", app).With("$limit", limit).ReadAll(Map));

    /// <summary>The share of the app's checks at or after <paramref name="since"/> that were up, in percent; null without checks.</summary>
    public double? UptimePercent(string app, DateTimeOffset since) =>
        db.Read<double?>(c => c.Command("""
            SELECT 100.0 * SUM(u.up) / COUNT(*) FROM uptime_checks u JOIN apps a ON a.id = u.app_id
            WHERE a.name = $app AND u.at >= $since
            """).With("$app", app).With("$since", Clock.Format(since)).ExecuteScalar() is double d ? d : null);

    /// <summary>
    /// For each app with checks: since when it has failed without a pass in between (the first failed check after its
    /// last passed one), or null when its last check passed.
    /// </summary>
    public IReadOnlyDictionary<string, DateTimeOffset?> DownSince() =>
        db.Read(c => c.Command("""
            SELECT a.name,
                   (SELECT MIN(f.at) FROM uptime_checks f WHERE f.app_id = a.id AND f.up = 0
                      AND f.at > COALESCE((SELECT MAX(p.at) FROM uptime_checks p WHERE p.app_id = a.id AND p.up = 1), ''))
            FROM apps a WHERE EXISTS (SELECT 1 FROM uptime_checks x WHERE x.app_id = a.id)
            """).ReadAll(r => (r.GetString(0), r.IsDBNull(1) ? (DateTimeOffset?)null : Clock.Parse(r.GetString(1)))))
            .ToDictionary(p => p.Item1, p => p.Item2, StringComparer.Ordinal);

    private static UptimeCheck Map(Microsoft.Data.Sqlite.SqliteDataReader r) =>
        new(r.GetString(0), Clock.Parse(r.GetString(1)), r.GetInt32(2), r.GetInt64(3) == 1, r.GetDouble(4), r.StringOrNull(5));
}
