using Hiy.Store;
using Microsoft.Data.Sqlite;

namespace Hiy.Tests.Store;

/// <summary>Migration 0006 on a database written before it: sessions get their kind, expired ones go, API tokens stay.</summary>
public class TokenKindMigrationTests
{
    [Fact]
    public void Migration0006_OldSessionsAndTokens_KindNameAndExpiredRemoved()
    {
        using var dir = new TempDir();
        var path = dir.File("hiy.db");
        var all = HiyDatabase.Migrations();
        using (var c = new SqliteConnection($"Data Source={path}"))
        {
            c.Open();
            Migrator.Apply(c, all.Where(m => m.Version < 6).ToList());
            using var cmd = c.CreateCommand();
            cmd.CommandText = """
                INSERT INTO users(id, username, password_hash, created_at) VALUES (1, 'admin', 'x', '2026-11-01T00:00:00.000Z');
                INSERT INTO api_tokens(user_id, token_hash, name, created_at, expires_at) VALUES
                    (1, x'01', 'setup', '2026-11-01T00:00:00.000Z', NULL),
                    (1, x'02', 'login', '2026-11-02T00:00:00.000Z', NULL),
                    (1, x'03', 'session', '2026-11-03T00:00:00.000Z', '2026-11-03T12:00:00.000Z'),
                    (1, x'04', 'session', '2099-01-01T00:00:00.000Z', '2099-01-01T12:00:00.000Z');
                """;
            cmd.ExecuteNonQuery();
        }
        using var db = HiyDatabase.Open(path);
        var rows = db.Read(c => c.Command("SELECT hex(token_hash), name, kind FROM api_tokens ORDER BY token_hash")
            .ReadAll(r => (r.GetString(0), r.GetString(1), r.GetString(2))));
        Assert.Equal([("01", "setup", "api"), ("02", "login", "api"), ("04", "dashboard session", "session")], rows);
        Assert.Contains("cpu_percent", db.Read(c => c.Command("SELECT group_concat(name) FROM pragma_table_info('system_samples')").ExecuteScalar() as string));
        Assert.Equal(0L, db.Read(c => c.Command("SELECT count(*) FROM app_samples").ExecuteScalar()));
    }
}
