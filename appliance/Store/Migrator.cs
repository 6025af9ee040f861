using Microsoft.Data.Sqlite;

namespace Hiy.Store;

/// <summary>
/// Applies forward-only migrations, each in its own transaction, recording them in
/// <c>schema_migrations</c>. A database written by a newer hiy is refused rather than guessed at.
/// </summary>
public static class Migrator
{
    public static int Apply(SqliteConnection c, IReadOnlyList<Migration> migrations)
    {
        HiyDatabase.Exec(c, "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL);");
        var current = HiyDatabase.Scalar(c, "SELECT COALESCE(MAX(version), 0) FROM schema_migrations;") is long v ? (int)v : 0;
        var known = migrations.Count == 0 ? 0 : migrations[^1].Version;
        if (current > known)
            throw new StoreException($"database {c.DataSource} has schema version {current}, newer than this hiy knows ({known}); run a newer hiy or restore a backup");

        var applied = 0;
        foreach (var m in migrations)
        {
            if (m.Version <= current)
                continue;
            using var tx = c.BeginTransaction();
            HiyDatabase.Exec(c, m.Sql, tx);
            using (var cmd = c.CreateCommand())
            {
                cmd.Transaction = tx;
                cmd.CommandText = "INSERT INTO schema_migrations(version, name, applied_at) VALUES ($v, $n, $t);";
                cmd.Parameters.AddWithValue("$v", m.Version);
                cmd.Parameters.AddWithValue("$n", m.Name);
                cmd.Parameters.AddWithValue("$t", Clock.Format(DateTimeOffset.UtcNow));
                cmd.ExecuteNonQuery();
            }
            tx.Commit();
            applied++;
        }
        return applied;
    }
}
