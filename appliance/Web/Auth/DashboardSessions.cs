using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using Hiy.Store;

namespace Hiy.Web.Auth;

/// <summary>
/// The dashboard's sign-in: a session is a token of kind <see cref="TokenKind.Session"/> with an expiry (so only its
/// SHA-256 is stored, like every token; it is listed and revocable under <see cref="TokenName"/>), carried in an HttpOnly, SameSite=Strict cookie. Unsafe requests made with
/// the cookie must also send <see cref="CsrfHeader"/>: an HMAC of the session token under a key derived from
/// the master key, which the page can read from the sign-in answer but another site cannot.
/// </summary>
public sealed class DashboardSessions(AuthRepository auth, byte[] csrfKey, TimeProvider time)
{
    public const string CookieName = "hiy_session";
    public const string CsrfHeader = "X-CSRF-Token";
    public const string TokenName = "dashboard session";

    /// <summary>A working day: long enough not to nag, short enough that a forgotten browser does not stay in.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(12);

    public sealed record Started(string Token, string Csrf, DateTimeOffset ExpiresAt);

    /// <summary>Issues a session for <paramref name="userId"/> and forgets sessions that have run out.</summary>
    public Started Start(long userId)
    {
        auth.RemoveExpiredTokens();
        var token = ApiTokens.New();
        var expires = time.GetUtcNow() + Lifetime;
        auth.AddToken(userId, ApiTokens.Hash(token), TokenName, expires, TokenKind.Session);
        return new Started(token, CsrfFor(token), expires);
    }

    /// <summary>The user of a live session; null when it is unknown, expired or signed out (or an API token).</summary>
    public long? FindUser(string token) => Find(token)?.UserId;

    /// <summary>The live session's record; null when it is unknown, expired, signed out or revoked (or an API token).</summary>
    public TokenRecord? Find(string token) => auth.FindToken(ApiTokens.Hash(token), TokenKind.Session);

    public void End(string token) => auth.RemoveToken(ApiTokens.Hash(token));

    public string CsrfFor(string token) =>
        Base64Url.EncodeToString(HMACSHA256.HashData(csrfKey, Encoding.UTF8.GetBytes(token)));

    /// <summary>Whether <paramref name="presented"/> is the session's CSRF token, compared in constant time.</summary>
    public bool CsrfMatches(string token, string? presented) =>
        presented is not null
        && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(CsrfFor(token)), Encoding.UTF8.GetBytes(presented));

    /// <summary>Methods that change something; these need the CSRF header when the cookie authenticates.</summary>
    public static bool IsUnsafe(string method) =>
        !(HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method) || HttpMethods.IsTrace(method));

    /// <summary>The session token from the request's cookie, or null when there is none that could be one.</summary>
    public static string? FromCookie(HttpRequest request) =>
        request.Cookies[CookieName] is { } value && value.StartsWith(ApiTokens.Prefix, StringComparison.Ordinal) && value.Length < 200
            ? value
            : null;

    /// <summary>HttpOnly (no script reads it), SameSite=Strict (no other site sends it), Secure over HTTPS.</summary>
    public static CookieOptions CookieOptionsFor(HttpRequest request, DateTimeOffset? expires) => new()
    {
        HttpOnly = true,
        SameSite = SameSiteMode.Strict,
        Path = "/",
        Secure = request.IsHttps,
        Expires = expires,
    };

    public static void WriteCookie(HttpContext ctx, string token, DateTimeOffset expires) =>
        ctx.Response.Cookies.Append(CookieName, token, CookieOptionsFor(ctx.Request, expires));

    public static void ClearCookie(HttpContext ctx) =>
        ctx.Response.Cookies.Delete(CookieName, CookieOptionsFor(ctx.Request, null));
}
