using Microsoft.Data.Sqlite;

namespace Hiy.Store;

public sealed record UserRecord(long Id, string Username, string PasswordHash);

/// <summary>Users and API tokens. Tokens are stored as SHA-256 hashes only.</summary>
public sealed class AuthRepository(HiyDatabase db, TimeProvider time)
{
    public long CreateUser(SqliteConnection c, SqliteTransaction tx, string username, string passwordHash) =>
        (long)c.Command("INSERT INTO users(username, password_hash, created_at) VALUES ($u, $p, $t) RETURNING id", tx)
            .With("$u", username).With("$p", passwordHash).With("$t", Clock.Format(time.GetUtcNow())).ExecuteScalar()!;

    public UserRecord? FindUser(string username) =>
        db.Read(c => c.Command("SELECT id, username, password_hash FROM users WHERE username = $u").With("$u", username)
            .ReadOne(r => new UserRecord(r.GetInt64(0), r.GetString(1), r.GetString(2))));

    public void AddToken(SqliteConnection c, SqliteTransaction tx, long userId, byte[] tokenHash, string name, DateTimeOffset? expiresAt = null) =>
        c.Command("INSERT INTO api_tokens(user_id, token_hash, name, created_at, expires_at) VALUES ($u, $h, $n, $t, $e)", tx)
            .With("$u", userId).With("$h", tokenHash).With("$n", name).With("$t", Clock.Format(time.GetUtcNow()))
            .With("$e", expiresAt is { } e ? Clock.Format(e) : null).ExecuteNonQuery();

    public void AddToken(long userId, byte[] tokenHash, string name, DateTimeOffset? expiresAt = null) =>
        db.Write((c, tx) => AddToken(c, tx, userId, tokenHash, name, expiresAt));

    /// <summary>
    /// The user a token hash belongs to, when the token exists and has not expired; with <paramref name="name"/>
    /// only a token issued under that name ("session") counts.
    /// </summary>
    public long? FindTokenUser(byte[] tokenHash, string? name = null)
    {
        var now = Clock.Format(time.GetUtcNow());
        return db.Read(c => c.Command("SELECT user_id FROM api_tokens WHERE token_hash = $h AND ($n IS NULL OR name = $n) AND (expires_at IS NULL OR expires_at > $now)")
            .With("$h", tokenHash).With("$n", name).With("$now", now).ExecuteScalar() as long?);
    }

    /// <summary>Revokes one token (a dashboard sign-out); false when it did not exist.</summary>
    public bool RemoveToken(byte[] tokenHash) =>
        db.Write((c, tx) => c.Command("DELETE FROM api_tokens WHERE token_hash = $h", tx).With("$h", tokenHash).ExecuteNonQuery() > 0);

    /// <summary>Forgets expired tokens (old dashboard sessions), so the table does not grow with every sign-in.</summary>
    public int RemoveExpiredTokens()
    {
        var now = Clock.Format(time.GetUtcNow());
        return db.Write((c, tx) => c.Command("DELETE FROM api_tokens WHERE expires_at IS NOT NULL AND expires_at <= $now", tx)
            .With("$now", now).ExecuteNonQuery());
    }
}
