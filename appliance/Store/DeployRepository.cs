using Microsoft.Data.Sqlite;

namespace Hiy.Store;

/// <summary>
/// Deploy records. A record left <c>queued|building|deploying</c> by a crash is "abandoned": shown as
/// such when read, and finalised as failed at start-up (DESIGN.md rule 7).
/// </summary>
public sealed class DeployRepository(HiyDatabase db, TimeProvider time)
{
    private const string Columns = """
        d.id, d.app_id, a.name, d.status, d.ref, d.sha, d.triggered_by, d.image, d.container_id, d.error, d.step_timings,
        d.queued_at, d.started_at, d.finished_at, d.site_version
        """;

    /// <summary>A queued deploy; with <paramref name="image"/> or <paramref name="siteVersion"/> it releases that and builds nothing.</summary>
    public DeployRecord Create(AppRecord app, DeployTrigger triggeredBy, string? gitRef, string? sha = null, string? image = null, string? siteVersion = null)
    {
        var now = Clock.Format(time.GetUtcNow());
        return db.Write((c, tx) =>
        {
            var id = (long)c.Command("""
                INSERT INTO deploys(app_id, status, ref, sha, triggered_by, image, site_version, queued_at) VALUES ($a, 'queued', $r, $s, $t, $i, $v, $now) RETURNING id
                """, tx).With("$a", app.Id).With("$r", gitRef).With("$s", sha).With("$t", triggeredBy.ToText()).With("$i", image).With("$v", siteVersion)
                .With("$now", now).ExecuteScalar()!;
            return Get(c, tx, id)!;
        });
    }

    public DeployRecord? Find(string app, long id) =>
        db.Read(c => c.Command($"SELECT {Columns} FROM deploys d JOIN apps a ON a.id = d.app_id WHERE a.name = $n AND d.id = $id")
            .With("$n", app).With("$id", id).ReadOne(Map));

    public DeployRecord? FindById(long id) =>
        db.Read(c => c.Command($"SELECT {Columns} FROM deploys d JOIN apps a ON a.id = d.app_id WHERE d.id = $id").With("$id", id).ReadOne(Map));

    /// <summary>Newest first.</summary>
    public IReadOnlyList<DeployRecord> List(string app, int limit = 100) =>
        db.Read(c => c.Command($"SELECT {Columns} FROM deploys d JOIN apps a ON a.id = d.app_id WHERE a.name = $n ORDER BY d.id DESC LIMIT $l")
            .With("$n", app).With("$l", limit).ReadAll(Map));

    public string Log(long id) =>
        db.Read(c => c.Command("SELECT log FROM deploys WHERE id = $id").With("$id", id).ExecuteScalar() as string ?? "");

    public void SetStatus(long id, DeployStatus value, string? error = null)
    {
        var status = value.ToText();
        var now = Clock.Format(time.GetUtcNow());
        db.Write((c, tx) => c.Command("""
            UPDATE deploys SET status = $s, error = COALESCE($e, error),
              started_at = CASE WHEN $s = 'building' AND started_at IS NULL THEN $now ELSE started_at END,
              finished_at = CASE WHEN $s IN ('succeeded','failed','canceled') THEN $now ELSE finished_at END
            WHERE id = $id
            """, tx).With("$id", id).With("$s", status).With("$e", error).With("$now", now).ExecuteNonQuery());
    }

    public void SetResult(long id, string? sha, string? image, string? containerId) =>
        db.Write((c, tx) => c.Command("UPDATE deploys SET sha = COALESCE($s, sha), image = COALESCE($i, image), container_id = COALESCE($c, container_id) WHERE id = $id", tx)
            .With("$id", id).With("$s", sha).With("$i", image).With("$c", containerId).ExecuteNonQuery());

    public void SetSiteVersion(long id, string version) =>
        db.Write((c, tx) => c.Command("UPDATE deploys SET site_version = $v WHERE id = $id", tx).With("$id", id).With("$v", version).ExecuteNonQuery());

    public void SaveLog(long id, string log, string? stepTimingsJson) =>
        db.Write((c, tx) => c.Command("UPDATE deploys SET log = $l, step_timings = COALESCE($t, step_timings) WHERE id = $id", tx)
            .With("$id", id).With("$l", log).With("$t", stepTimingsJson).ExecuteNonQuery());

    /// <summary>Deploys left queued, building or deploying (by a previous run, when read at start-up), oldest first.</summary>
    public IReadOnlyList<DeployRecord> ListUnfinished() =>
        db.Read(c => c.Command($"SELECT {Columns} FROM deploys d JOIN apps a ON a.id = d.app_id WHERE d.status IN ('queued','building','deploying') ORDER BY d.id")
            .ReadAll(Map));

    /// <summary>
    /// A deploy that had swapped in when hiy stopped: it is live, so it succeeded; the container it runs in
    /// is filled in from its name when the crash came before the pipeline recorded it.
    /// </summary>
    public void MarkRecoveredLive(long id) =>
        db.Write((c, tx) => c.Command("""
            UPDATE deploys SET status = 'succeeded', finished_at = $now,
              container_id = COALESCE(container_id, 'hiy-' || (SELECT name FROM apps WHERE apps.id = deploys.app_id) || '-' || id)
            WHERE id = $id AND status IN ('queued','building','deploying')
            """, tx).With("$id", id).With("$now", Clock.Format(time.GetUtcNow())).ExecuteNonQuery());

    /// <summary>Finalises deploys a previous run left unfinished; returns how many.</summary>
    public int ReapAbandoned() =>
        db.Write((c, tx) => c.Command("""
            UPDATE deploys SET status = 'failed', error = 'abandoned: hiy stopped while this deploy was running', finished_at = $now
            WHERE status IN ('queued','building','deploying')
            """, tx).With("$now", Clock.Format(time.GetUtcNow())).ExecuteNonQuery());

    private static DeployRecord? Get(SqliteConnection c, SqliteTransaction tx, long id) =>
        c.Command($"SELECT {Columns} FROM deploys d JOIN apps a ON a.id = d.app_id WHERE d.id = $id", tx).With("$id", id).ReadOne(Map);

    private static DeployRecord Map(SqliteDataReader r) => new()
    {
        Id = r.GetInt64(0),
        AppId = r.GetInt64(1),
        App = r.GetString(2),
        Status = DeployStatusText.Parse(r.GetString(3)),
        Ref = r.StringOrNull(4),
        Sha = r.StringOrNull(5),
        TriggeredBy = DeployTriggerText.Parse(r.GetString(6)),
        Image = r.StringOrNull(7),
        ContainerId = r.StringOrNull(8),
        Error = r.StringOrNull(9),
        StepTimings = r.StringOrNull(10),
        QueuedAt = Clock.Parse(r.GetString(11)),
        StartedAt = Clock.ParseOrNull(r.StringOrNull(12)),
        FinishedAt = Clock.ParseOrNull(r.StringOrNull(13)),
        SiteVersion = r.StringOrNull(14),
    };
}
