using Hiy.Store;
using Microsoft.Data.Sqlite;

namespace Hiy.Tests.Store;

public class HiyDatabaseTests
{
    [Fact]
    public void Open_NewFile_AppliesEveryMigrationInWalMode()
    {
        using var dir = new TempDir();
        using var db = HiyDatabase.Open(dir.File("hiy.db"));
        Assert.Equal("wal", db.Read(c => c.Command("PRAGMA journal_mode").ExecuteScalar()));
        Assert.Equal(1L, db.Read(c => c.Command("PRAGMA foreign_keys").ExecuteScalar()));
        Assert.Equal(1L, db.Read(c => c.Command("PRAGMA synchronous").ExecuteScalar())); // NORMAL
        Assert.Equal(5000L, db.Read(c => c.Command("PRAGMA busy_timeout").ExecuteScalar()));
        var tables = db.Read(c => c.Command("SELECT name FROM sqlite_master WHERE type='table'").ReadAll(r => r.GetString(0)));
        foreach (var t in new[] { "settings", "users", "api_tokens", "apps", "deploys", "env_vars", "domains", "certificates",
                     "static_sites", "site_versions", "log_lines", "webhook_deliveries", "templates", "deployments", "schema_migrations" })
            Assert.Contains(t, tables);
    }

    [Fact]
    public void Open_Twice_DoesNotReapply()
    {
        using var dir = new TempDir();
        HiyDatabase.Open(dir.File("hiy.db")).Dispose();
        using var db = HiyDatabase.Open(dir.File("hiy.db"));
        Assert.Equal((long)HiyDatabase.Migrations().Count, db.Read(c => c.Command("SELECT COUNT(*) FROM schema_migrations").ExecuteScalar()));
    }

    [Fact]
    public void Open_GarbageFile_ThrowsNamingTheFile()
    {
        using var dir = new TempDir();
        File.WriteAllBytes(dir.File("hiy.db"), Enumerable.Repeat((byte)0x5A, 8192).ToArray());
        var e = Assert.Throws<StoreException>(() => HiyDatabase.Open(dir.File("hiy.db")));
        Assert.Contains(dir.File("hiy.db"), e.Message);
        Assert.Contains("not a database", e.Message);
    }

    [Fact]
    public void Open_NewerSchema_IsRefused()
    {
        using var dir = new TempDir();
        HiyDatabase.Open(dir.File("hiy.db")).Dispose();
        using (var c = new SqliteConnection($"Data Source={dir.File("hiy.db")};Pooling=False"))
        {
            c.Open();
            c.Command("INSERT INTO schema_migrations VALUES (999, 'future', '2030-01-01')").ExecuteNonQuery();
        }
        var e = Assert.Throws<StoreException>(() => HiyDatabase.Open(dir.File("hiy.db")));
        Assert.Contains("newer than this hiy knows", e.Message);
    }

    [Fact]
    public void Write_Throwing_RollsBack()
    {
        using var dir = new TempDir();
        using var db = HiyDatabase.Open(dir.File("hiy.db"));
        Assert.Throws<InvalidOperationException>(() => db.Write((c, tx) =>
        {
            c.Command("INSERT INTO settings(key, value, updated_at) VALUES ('a', 'b', 'now')", tx).ExecuteNonQuery();
            throw new InvalidOperationException("boom");
        }));
        Assert.Equal(0L, db.Read(c => c.Command("SELECT COUNT(*) FROM settings").ExecuteScalar()));
    }

    [Fact]
    public void Write_ConcurrentWriters_AllLand()
    {
        using var dir = new TempDir();
        using var db = HiyDatabase.Open(dir.File("hiy.db"));
        Parallel.For(0, 200, i => db.Write((c, tx) =>
            c.Command("INSERT INTO settings(key, value, updated_at) VALUES ($k, 'v', 'now')", tx).With("$k", $"k{i}").ExecuteNonQuery()));
        Assert.Equal(200L, db.Read(c => c.Command("SELECT COUNT(*) FROM settings").ExecuteScalar()));
    }

    [Fact]
    public void LogLines_Ring_KeepsNewest10000PerApp()
    {
        using var dir = new TempDir();
        using var db = HiyDatabase.Open(dir.File("hiy.db"));
        db.Write((c, tx) =>
        {
            c.Command("INSERT INTO apps(id, name, created_at, updated_at) VALUES (1, 'a', 'now', 'now'), (2, 'b', 'now', 'now')", tx).ExecuteNonQuery();
            using var ins = c.Command("INSERT INTO log_lines(app_id, ts, stream, line) VALUES ($a, 'now', 'stdout', $l)", tx);
            var a = ins.Parameters.Add("$a", SqliteType.Integer);
            var l = ins.Parameters.Add("$l", SqliteType.Text);
            for (var i = 0; i < 10_050; i++)
            {
                a.Value = 1; l.Value = $"line {i}"; ins.ExecuteNonQuery();
            }
            a.Value = 2; l.Value = "other"; ins.ExecuteNonQuery();
        });
        Assert.Equal(10_000L, db.Read(c => c.Command("SELECT COUNT(*) FROM log_lines WHERE app_id = 1").ExecuteScalar()));
        Assert.Equal("line 50", db.Read(c => c.Command("SELECT line FROM log_lines WHERE app_id = 1 ORDER BY id LIMIT 1").ExecuteScalar()));
        Assert.Equal(1L, db.Read(c => c.Command("SELECT COUNT(*) FROM log_lines WHERE app_id = 2").ExecuteScalar()));
    }

    [Fact]
    public void ForeignKeys_DeleteApp_CascadesToDeploys()
    {
        using var dir = new TempDir();
        using var db = HiyDatabase.Open(dir.File("hiy.db"));
        db.Write((c, tx) =>
        {
            c.Command("INSERT INTO apps(id, name, created_at, updated_at) VALUES (1, 'a', 'now', 'now')", tx).ExecuteNonQuery();
            c.Command("INSERT INTO deploys(app_id, status, triggered_by, queued_at) VALUES (1, 'queued', 'manual', 'now')", tx).ExecuteNonQuery();
            c.Command("DELETE FROM apps WHERE id = 1", tx).ExecuteNonQuery();
        });
        Assert.Equal(0L, db.Read(c => c.Command("SELECT COUNT(*) FROM deploys").ExecuteScalar()));
    }
}
