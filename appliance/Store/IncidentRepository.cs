namespace Hiy.Store;

/// <summary>
/// Alert incidents and their deliveries. At most one open incident per key (a unique partial index), so the condition
/// found again after a restart is the same incident; a delivery row per channel and phase makes each message go once.
/// </summary>
public sealed class IncidentRepository(HiyDatabase db)
{
    /// <summary>Resolved incidents older than this are dropped (with their deliveries) when a new one opens.</summary>
    public static readonly TimeSpan Retention = TimeSpan.FromDays(90);

    public IReadOnlyList<Incident> Open() =>
        db.Read(c => c.Command(Select + " WHERE resolved_at IS NULL ORDER BY opened_at, id").ReadAll(Map));

    /// <summary>The last <paramref name="limit"/> incidents, open or resolved, newest first.</summary>
    public IReadOnlyList<Incident> Recent(int limit) =>
        db.Read(c => c.Command(Select + " ORDER BY opened_at DESC, id DESC LIMIT $n").With("$n", limit).ReadAll(Map));

    /// <summary>Opens an incident for <paramref name="key"/>, or returns the one already open.</summary>
    public Incident OpenIncident(string key, string kind, string? subject, string message, DateTimeOffset now) => db.Write((c, tx) =>
    {
        c.Command("""
            INSERT INTO incidents(key, kind, subject, message, opened_at) VALUES ($k, $kind, $s, $m, $t)
            ON CONFLICT(key) WHERE resolved_at IS NULL DO NOTHING
            """, tx).With("$k", key).With("$kind", kind).With("$s", subject).With("$m", message).With("$t", Clock.Format(now)).ExecuteNonQuery();
        c.Command("DELETE FROM incidents WHERE resolved_at IS NOT NULL AND resolved_at < $cut", tx).With("$cut", Clock.Format(now - Retention)).ExecuteNonQuery();
        return c.Command(Select + " WHERE key = $k AND resolved_at IS NULL", tx).With("$k", key).ReadOne(Map)!;
    });

    public void Resolve(long id, DateTimeOffset now) =>
        db.Write((c, tx) => c.Command("UPDATE incidents SET resolved_at = $t WHERE id = $id AND resolved_at IS NULL", tx)
            .With("$t", Clock.Format(now)).With("$id", id).ExecuteNonQuery());

    /// <summary>
    /// Incidents with a message still to send on <paramref name="channel"/>: the "down" of every open incident not yet
    /// announced there, and the "resolved" of every resolved one whose "down" was (never a "resolved" without its "down").
    /// </summary>
    public IReadOnlyList<(Incident Incident, IncidentPhase Phase)> Pending(string channel) =>
        db.Read(c =>
        {
            var open = c.Command(Select + """
                 WHERE resolved_at IS NULL
                   AND NOT EXISTS (SELECT 1 FROM alert_deliveries d WHERE d.incident_id = incidents.id AND d.channel = $ch AND d.phase = 'open')
                 ORDER BY opened_at, id
                """).With("$ch", channel).ReadAll(Map);
            var resolved = c.Command(Select + """
                 WHERE resolved_at IS NOT NULL
                   AND EXISTS (SELECT 1 FROM alert_deliveries d WHERE d.incident_id = incidents.id AND d.channel = $ch AND d.phase = 'open')
                   AND NOT EXISTS (SELECT 1 FROM alert_deliveries d WHERE d.incident_id = incidents.id AND d.channel = $ch AND d.phase = 'resolved')
                 ORDER BY resolved_at, id
                """).With("$ch", channel).ReadAll(Map);
            return open.Select(i => (i, IncidentPhase.Open)).Concat(resolved.Select(i => (i, IncidentPhase.Resolved))).ToList();
        });

    public void MarkSent(long incidentId, string channel, IncidentPhase phase, DateTimeOffset now) =>
        db.Write((c, tx) => c.Command("""
            INSERT INTO alert_deliveries(incident_id, channel, phase, sent_at) VALUES ($id, $ch, $p, $t) ON CONFLICT DO NOTHING
            """, tx).With("$id", incidentId).With("$ch", channel).With("$p", phase == IncidentPhase.Open ? "open" : "resolved")
            .With("$t", Clock.Format(now)).ExecuteNonQuery());

    private const string Select = "SELECT id, key, kind, subject, message, opened_at, resolved_at FROM incidents";

    private static Incident Map(Microsoft.Data.Sqlite.SqliteDataReader r) =>
        new(r.GetInt64(0), r.GetString(1), r.GetString(2), r.StringOrNull(3), r.GetString(4), Clock.Parse(r.GetString(5)),
            r.IsDBNull(6) ? null : Clock.Parse(r.GetString(6)));
}
