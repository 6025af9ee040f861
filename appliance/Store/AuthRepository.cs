using Microsoft.Data.Sqlite;

namespace Hiy.Store;

public sealed record UserRecord(long Id, string Username, string PasswordHash);

/// <summary>Users and API tokens. Tokens are stored as SHA-256 hashes only.</summary>
public sealed class AuthRepository(HiyDatabase db, TimeProvider time)
{
    private const string TokenColumns = "id, user_id, name, kind, created_at, last_used_at, expires_at";

    public long CreateUser(SqliteConnection c, SqliteTransaction tx, string username, string passwordHash) =>
        (long)c.Command("INSERT INTO users(username, password_hash, created_at) VALUES ($u, $p, $t) RETURNING id", tx)
            .With("$u", username).With("$p", passwordHash).With("$t", Clock.Format(time.GetUtcNow())).ExecuteScalar()!;

    public UserRecord? FindUser(string username) =>
        db.Read(c => c.Command("SELECT id, username, password_hash FROM users WHERE username = $u").With("$u", username)
            .ReadOne(r => new UserRecord(r.GetInt64(0), r.GetString(1), r.GetString(2))));

    /// <summary>Stores a token's hash; returns the row id (the id GET /api/v1/tokens shows).</summary>
    public long AddToken(SqliteConnection c, SqliteTransaction tx, long userId, byte[] tokenHash, string name, DateTimeOffset? expiresAt = null,
        TokenKind kind = TokenKind.Api) =>
        (long)c.Command("INSERT INTO api_tokens(user_id, token_hash, name, kind, created_at, expires_at) VALUES ($u, $h, $n, $k, $t, $e) RETURNING id", tx)
            .With("$u", userId).With("$h", tokenHash).With("$n", name).With("$k", KindText(kind)).With("$t", Clock.Format(time.GetUtcNow()))
            .With("$e", expiresAt is { } e ? Clock.Format(e) : null).ExecuteScalar()!;

    public long AddToken(long userId, byte[] tokenHash, string name, DateTimeOffset? expiresAt = null, TokenKind kind = TokenKind.Api) =>
        db.Write((c, tx) => AddToken(c, tx, userId, tokenHash, name, expiresAt, kind));

    /// <summary>
    /// Issues an API token under <paramref name="name"/>, revoking the user's earlier API tokens of that name in the same
    /// transaction: signing in again from the same machine (the CLI names its token after the host) replaces its token
    /// instead of adding a row per sign-in.
    /// </summary>
    public long ReplaceToken(long userId, byte[] tokenHash, string name) => db.Write((c, tx) =>
    {
        c.Command("DELETE FROM api_tokens WHERE user_id = $u AND kind = 'api' AND name = $n", tx).With("$u", userId).With("$n", name).ExecuteNonQuery();
        return AddToken(c, tx, userId, tokenHash, name);
    });

    /// <summary>The live (unexpired) token with this hash; with <paramref name="kind"/> only a token of that kind counts.</summary>
    public TokenRecord? FindToken(byte[] tokenHash, TokenKind? kind = null)
    {
        var now = Clock.Format(time.GetUtcNow());
        return db.Read(c => c.Command($"SELECT {TokenColumns} FROM api_tokens WHERE token_hash = $h AND ($k IS NULL OR kind = $k) AND (expires_at IS NULL OR expires_at > $now)")
            .With("$h", tokenHash).With("$k", kind is { } k ? KindText(k) : null).With("$now", now).ReadOne(ReadToken));
    }

    /// <summary>The user a live token hash belongs to, or null.</summary>
    public long? FindTokenUser(byte[] tokenHash, TokenKind? kind = null) => FindToken(tokenHash, kind)?.UserId;

    /// <summary>Every live token of the user, oldest first; expired ones are removed first, so the list is what can be used.</summary>
    public IReadOnlyList<TokenRecord> ListTokens(long userId)
    {
        RemoveExpiredTokens();
        return db.Read(c => c.Command($"SELECT {TokenColumns} FROM api_tokens WHERE user_id = $u ORDER BY id").With("$u", userId).ReadAll(ReadToken));
    }

    /// <summary>Stamps a use; only when the stored stamp is older than <paramref name="olderThan"/>, so racing requests write once.</summary>
    public void TouchToken(long id, DateTimeOffset at, DateTimeOffset olderThan) =>
        db.Write((c, tx) => c.Command("UPDATE api_tokens SET last_used_at = $at WHERE id = $id AND (last_used_at IS NULL OR last_used_at <= $cut)", tx)
            .With("$at", Clock.Format(at)).With("$id", id).With("$cut", Clock.Format(olderThan)).ExecuteNonQuery());

    /// <summary>Revokes one token (a dashboard sign-out); false when it did not exist.</summary>
    public bool RemoveToken(byte[] tokenHash) =>
        db.Write((c, tx) => c.Command("DELETE FROM api_tokens WHERE token_hash = $h", tx).With("$h", tokenHash).ExecuteNonQuery() > 0);

    /// <summary>Revokes the user's token with this id; false when the user has none by that id.</summary>
    public bool RemoveToken(long userId, long id) =>
        db.Write((c, tx) => c.Command("DELETE FROM api_tokens WHERE id = $id AND user_id = $u", tx).With("$id", id).With("$u", userId).ExecuteNonQuery() > 0);

    /// <summary>Forgets expired tokens (old dashboard sessions), so the table does not grow with every sign-in.</summary>
    public int RemoveExpiredTokens()
    {
        var now = Clock.Format(time.GetUtcNow());
        return db.Write((c, tx) => c.Command("DELETE FROM api_tokens WHERE expires_at IS NOT NULL AND expires_at <= $now", tx)
            .With("$now", now).ExecuteNonQuery());
    }

    private static TokenRecord ReadToken(SqliteDataReader r) => new(
        r.GetInt64(0), r.GetInt64(1), r.GetString(2), r.GetString(3) == "session" ? TokenKind.Session : TokenKind.Api,
        Clock.Parse(r.GetString(4)), r.IsDBNull(5) ? null : Clock.Parse(r.GetString(5)), r.IsDBNull(6) ? null : Clock.Parse(r.GetString(6)));

    private static string KindText(TokenKind kind) => kind == TokenKind.Session ? "session" : "api";
}
