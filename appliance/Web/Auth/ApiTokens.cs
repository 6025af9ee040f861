using System.Security.Cryptography;
using System.Text;

namespace Hiy.Web.Auth;

/// <summary>API tokens: 32 random bytes, shown once as <c>hiy_…</c>; only their SHA-256 is stored.</summary>
public static class ApiTokens
{
    public const string Prefix = "hiy_";

    public static string New() => Prefix + Base64Url(RandomNumberGenerator.GetBytes(32));

    public static byte[] Hash(string token) => SHA256.HashData(Encoding.UTF8.GetBytes(token));

    /// <summary>The token from an <c>Authorization: Bearer</c> header, or null.</summary>
    public static string? FromHeader(string? authorization)
    {
        const string bearer = "Bearer ";
        if (authorization is null || !authorization.StartsWith(bearer, StringComparison.OrdinalIgnoreCase))
            return null;
        var token = authorization[bearer.Length..].Trim();
        return token.StartsWith(Prefix, StringComparison.Ordinal) && token.Length < 200 ? token : null;
    }

    private static string Base64Url(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
