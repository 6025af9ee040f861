namespace Hiy.Store;

/// <summary>What is kept of an API token or dashboard session: never the token, and the hash is not read back.</summary>
public sealed record TokenRecord(
    long Id,
    long UserId,
    string Name,
    TokenKind Kind,
    DateTimeOffset CreatedAt,
    DateTimeOffset? LastUsedAt,
    DateTimeOffset? ExpiresAt);

/// <summary>An API token (CLI, scripts, setup) or a dashboard session (a token carried in the cookie).</summary>
public enum TokenKind
{
    Api,
    Session,
}
