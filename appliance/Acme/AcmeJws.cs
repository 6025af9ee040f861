using System.Buffers.Text;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Hiy.Acme;

/// <summary>Builds the JWS every ACME POST carries (RFC 8555 §6.2, RFC 7515 flattened JSON).</summary>
public static class AcmeJws
{
    public const string Algorithm = "ES256";

    /// <summary>Signs <paramref name="payload"/> (null = POST-as-GET, an empty payload, §6.3).
    /// With <paramref name="kid"/> null the header carries the jwk (newAccount, §7.3).</summary>
    internal static JwsMessage Sign<T>(AcmeAccountKey key, Uri url, string nonce, string? kid, T? payload, JsonTypeInfo<T> typeInfo)
    {
        var payloadB64 = payload is null ? "" : Base64Url.EncodeToString(JsonSerializer.SerializeToUtf8Bytes(payload, typeInfo));
        return Sign(key, url, nonce, kid, payloadB64);
    }

    internal static JwsMessage Sign(AcmeAccountKey key, Uri url, string nonce, string? kid, string payloadB64)
    {
        var header = new JwsProtectedHeader
        {
            Alg = Algorithm,
            Jwk = kid is null ? key.Jwk : null,
            Kid = kid,
            Nonce = nonce,
            Url = url.AbsoluteUri,
        };
        var protectedB64 = Base64Url.EncodeToString(JsonSerializer.SerializeToUtf8Bytes(header, AcmeJsonContext.Default.JwsProtectedHeader));
        // RFC 7515 §5.1: the signing input is ASCII(protected "." payload).
        var signature = key.Sign(Encoding.ASCII.GetBytes(protectedB64 + "." + payloadB64));
        return new JwsMessage(protectedB64, payloadB64, Base64Url.EncodeToString(signature));
    }
}
