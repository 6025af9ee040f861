using Microsoft.Data.Sqlite;

namespace Hiy.Store;

/// <summary>The <c>apps</c> table, mapped by hand.</summary>
public sealed class AppRepository(HiyDatabase db, TimeProvider time)
{
    private const string Columns = """
        id, name, repo_url, branch, port, memory_mb, cpus, health_path, poll_interval_s, volume_path, cap_add,
        status, status_detail, last_exit_code, last_oom_killed, current_deploy_id, created_at, updated_at,
        (SELECT d.site_version FROM deploys d WHERE d.id = apps.current_deploy_id)
        """;

    public IReadOnlyList<AppRecord> List() =>
        db.Read(c => c.Command($"SELECT {Columns} FROM apps ORDER BY name").ReadAll(Map));

    public AppRecord? Find(string name) =>
        db.Read(c => c.Command($"SELECT {Columns} FROM apps WHERE name = $n").With("$n", name).ReadOne(Map));

    /// <summary>Inserts a new app; null when the name is taken.</summary>
    public AppRecord? Create(AppRecord app)
    {
        var now = Clock.Format(time.GetUtcNow());
        return db.Write((c, tx) =>
        {
            if (c.Command("SELECT 1 FROM apps WHERE name = $n", tx).With("$n", app.Name).ExecuteScalar() is not null)
                return null;
            c.Command("""
                INSERT INTO apps(name, repo_url, branch, port, memory_mb, cpus, health_path, poll_interval_s, volume_path, cap_add, created_at, updated_at)
                VALUES ($name, $repo, $branch, $port, $mem, $cpus, $health, $poll, $vol, $caps, $now, $now)
                """, tx).With("$name", app.Name).With("$repo", app.RepoUrl).With("$branch", app.Branch).With("$port", app.Port)
                .With("$mem", app.MemoryMb).With("$cpus", app.Cpus).With("$health", app.HealthPath).With("$poll", app.PollIntervalS)
                .With("$vol", app.VolumePath).With("$caps", string.Join(',', app.CapAdd)).With("$now", now).ExecuteNonQuery();
            return c.Command($"SELECT {Columns} FROM apps WHERE name = $n", tx).With("$n", app.Name).ReadOne(Map);
        });
    }

    /// <summary>Writes the user-settable fields of <paramref name="app"/> (matched by name).</summary>
    public void UpdateSettings(AppRecord app) => db.Write((c, tx) =>
        c.Command("""
            UPDATE apps SET repo_url = $repo, branch = $branch, port = $port, memory_mb = $mem, cpus = $cpus,
              health_path = $health, poll_interval_s = $poll, volume_path = $vol, cap_add = $caps, updated_at = $now
            WHERE name = $name
            """, tx).With("$name", app.Name).With("$repo", app.RepoUrl).With("$branch", app.Branch).With("$port", app.Port)
            .With("$mem", app.MemoryMb).With("$cpus", app.Cpus).With("$health", app.HealthPath).With("$poll", app.PollIntervalS)
            .With("$vol", app.VolumePath).With("$caps", string.Join(',', app.CapAdd)).With("$now", Clock.Format(time.GetUtcNow()))
            .ExecuteNonQuery());

    /// <summary>Records what the runtime learned: status, a human detail, and the last exit.</summary>
    public void SetStatus(string name, AppStatus status, string? detail = null, int? exitCode = null, bool oomKilled = false) =>
        db.Write((c, tx) => c.Command("""
            UPDATE apps SET status = $s, status_detail = $d, last_exit_code = COALESCE($e, last_exit_code),
              last_oom_killed = $o, updated_at = $now WHERE name = $n
            """, tx).With("$n", name).With("$s", AppRecord.StatusText(status)).With("$d", detail).With("$e", exitCode)
            .With("$o", oomKilled ? 1 : 0).With("$now", Clock.Format(time.GetUtcNow())).ExecuteNonQuery());

    public void SetCurrentDeploy(string name, long? deployId) =>
        db.Write((c, tx) => c.Command("UPDATE apps SET current_deploy_id = $d, updated_at = $now WHERE name = $n", tx)
            .With("$n", name).With("$d", deployId).With("$now", Clock.Format(time.GetUtcNow())).ExecuteNonQuery());

    public bool Delete(string name) =>
        db.Write((c, tx) => c.Command("DELETE FROM apps WHERE name = $n", tx).With("$n", name).ExecuteNonQuery() > 0);

    private static AppRecord Map(SqliteDataReader r) => new()
    {
        Id = r.GetInt64(0),
        Name = r.GetString(1),
        RepoUrl = r.StringOrNull(2),
        Branch = r.GetString(3),
        Port = r.GetInt32(4),
        MemoryMb = r.GetInt32(5),
        Cpus = r.GetDouble(6),
        HealthPath = r.GetString(7),
        PollIntervalS = (int?)r.LongOrNull(8),
        VolumePath = r.StringOrNull(9),
        CapAdd = r.GetString(10).Split(',', StringSplitOptions.RemoveEmptyEntries),
        Status = AppRecord.ParseStatus(r.GetString(11)),
        StatusDetail = r.StringOrNull(12),
        LastExitCode = (int?)r.LongOrNull(13),
        LastOomKilled = r.GetInt64(14) != 0,
        CurrentDeployId = r.LongOrNull(15),
        CreatedAt = Clock.Parse(r.GetString(16)),
        UpdatedAt = Clock.Parse(r.GetString(17)),
        StaticVersion = r.StringOrNull(18),
    };
}
