using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace Hiy.Acme;

/// <summary>What a challenge must show, derived from the token and the account key's thumbprint.</summary>
public static class KeyAuthorization
{
    /// <summary>RFC 8555 §8.1: token "." base64url(JWK thumbprint). http-01 serves exactly this (§8.3).</summary>
    public static string Compute(string token, string accountThumbprint) => token + "." + accountThumbprint;

    /// <summary>RFC 8555 §8.4: the TXT value at <c>_acme-challenge.&lt;name&gt;</c> is base64url(SHA-256(keyAuthorization)).</summary>
    public static string Dns01TxtValue(string keyAuthorization) =>
        Base64Url.EncodeToString(SHA256.HashData(Encoding.UTF8.GetBytes(keyAuthorization)));

    /// <summary>RFC 8555 §8.4: the record name for an identifier; a wildcard's is its base domain's.</summary>
    public static string Dns01RecordName(string domain) =>
        "_acme-challenge." + (domain.StartsWith("*.", StringComparison.Ordinal) ? domain[2..] : domain).TrimEnd('.');

    /// <summary>RFC 8555 §8.3: where http-01 is fetched.</summary>
    public static string Http01Path(string token) => "/.well-known/acme-challenge/" + token;
}
