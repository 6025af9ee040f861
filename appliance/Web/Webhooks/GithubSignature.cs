using System.Security.Cryptography;
using System.Text;

namespace Hiy.Web.Webhooks;

/// <summary>
/// GitHub's <c>X-Hub-Signature-256</c>: <c>sha256=</c> + lower-case hex HMAC-SHA256 of the raw body
/// keyed with the webhook secret ("Validating webhook deliveries", docs.github.com).
/// </summary>
public static class GithubSignature
{
    public const string HeaderName = "X-Hub-Signature-256";
    private const string Prefix = "sha256=";

    public static string Compute(ReadOnlySpan<byte> body, string secret) =>
        Prefix + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body));

    /// <summary>The 32 bytes a well-formed header carries; false for anything else (then no body needs reading).</summary>
    public static bool TryParse(string? header, Span<byte> into)
    {
        if (header is null || !header.StartsWith(Prefix, StringComparison.Ordinal) || into.Length != HMACSHA256.HashSizeInBytes)
            return false;
        var hex = header.AsSpan(Prefix.Length).Trim();
        return hex.Length == 2 * HMACSHA256.HashSizeInBytes
            && Convert.FromHexString(hex, into, out _, out var written) == System.Buffers.OperationStatus.Done && written == into.Length;
    }

    /// <summary>True when <paramref name="header"/> is the body's signature; compared in constant time.</summary>
    public static bool IsValid(ReadOnlySpan<byte> body, string secret, string? header)
    {
        if (string.IsNullOrEmpty(secret) || header is null || !header.StartsWith(Prefix, StringComparison.Ordinal))
            return false;
        var hex = header.AsSpan(Prefix.Length).Trim();
        if (hex.Length != 2 * HMACSHA256.HashSizeInBytes)
            return false;
        Span<byte> given = stackalloc byte[HMACSHA256.HashSizeInBytes];
        if (Convert.FromHexString(hex, given, out _, out var written) != System.Buffers.OperationStatus.Done
            || written != given.Length)
            return false;
        Span<byte> expected = stackalloc byte[HMACSHA256.HashSizeInBytes];
        HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body, expected);
        return CryptographicOperations.FixedTimeEquals(expected, given);
    }
}
