using Hiy.Store;

namespace Hiy.Web.Auth;

/// <summary>
/// Looks a presented token up and stamps its use. The stamp is written at most once per <see cref="StampInterval"/>
/// per token, judged from the stamp read with the token, so a busy CLI or dashboard does not turn every request
/// into a database write.
/// </summary>
public sealed class TokenAuthenticator(AuthRepository auth, TimeProvider time, ILogger<TokenAuthenticator> log)
{
    public static readonly TimeSpan StampInterval = TimeSpan.FromMinutes(1);

    /// <summary>The live token (of <paramref name="kind"/> when given), its use recorded; null when unknown, expired or revoked.</summary>
    public TokenRecord? Authenticate(string token, TokenKind? kind = null)
    {
        var found = auth.FindToken(ApiTokens.Hash(token), kind);
        if (found is not null)
            RecordUse(found);
        return found;
    }

    /// <summary>Whether a use at <paramref name="now"/> must be written, given the stored stamp.</summary>
    public static bool StampDue(DateTimeOffset? lastUsed, DateTimeOffset now) => lastUsed is null || now - lastUsed.Value >= StampInterval;

    public void RecordUse(TokenRecord token)
    {
        var now = time.GetUtcNow();
        if (!StampDue(token.LastUsedAt, now))
            return;
        try
        {
            auth.TouchToken(token.Id, now, now - StampInterval);
        }
        catch (StoreException e)
        {
            // The stamp is informational: a full or busy disk must not turn an authenticated request into a failure. A full
            // disk is logged once by Store/DiskGuard, not on every request that carries a token.
            if (!e.IsDiskFull)
                WebLog.TokenStampFailed(log, token.Id, e.Message);
        }
    }
}
