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

    public void AddToken(SqliteConnection c, SqliteTransaction tx, long userId, byte[] tokenHash, string name) =>
        c.Command("INSERT INTO api_tokens(user_id, token_hash, name, created_at) VALUES ($u, $h, $n, $t)", tx)
            .With("$u", userId).With("$h", tokenHash).With("$n", name).With("$t", Clock.Format(time.GetUtcNow())).ExecuteNonQuery();

    public void AddToken(long userId, byte[] tokenHash, string name) =>
        db.Write((c, tx) => AddToken(c, tx, userId, tokenHash, name));

    /// <summary>The user a token hash belongs to, when the token exists and has not expired.</summary>
    public long? FindTokenUser(byte[] tokenHash)
    {
        var now = Clock.Format(time.GetUtcNow());
        return db.Read(c => c.Command("SELECT user_id FROM api_tokens WHERE token_hash = $h AND (expires_at IS NULL OR expires_at > $now)")
            .With("$h", tokenHash).With("$now", now).ExecuteScalar() as long?);
    }
}
