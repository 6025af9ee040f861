using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace Hiy.Acme;

/// <summary>
/// The account's ES256 key (ECDSA P-256, RFC 7518 §3.4). Exportable as PKCS#8 so the caller can store
/// it encrypted; the ACME server knows the account by this key alone.
/// </summary>
public sealed class AcmeAccountKey : IDisposable
{
    private readonly ECDsa _key;

    private AcmeAccountKey(ECDsa key)
    {
        var p = key.ExportParameters(includePrivateParameters: false);
        if (p.Curve.Oid.Value != ECCurve.NamedCurves.nistP256.Oid.Value)
            throw new ArgumentException("acme: account key must be ECDSA P-256 (ES256)", nameof(key));
        _key = key;
        Jwk = new EcJwk("P-256", "EC", Base64Url.EncodeToString(p.Q.X), Base64Url.EncodeToString(p.Q.Y));
        Thumbprint = ComputeThumbprint(Jwk);
    }

    public static AcmeAccountKey Create() => new(ECDsa.Create(ECCurve.NamedCurves.nistP256));

    /// <summary>Loads a key saved with <see cref="ExportPkcs8"/>.</summary>
    public static AcmeAccountKey ImportPkcs8(ReadOnlySpan<byte> pkcs8)
    {
        var key = ECDsa.Create();
        try
        {
            key.ImportPkcs8PrivateKey(pkcs8, out _);
            return new AcmeAccountKey(key);
        }
        catch
        {
            key.Dispose();
            throw;
        }
    }

    public byte[] ExportPkcs8() => _key.ExportPkcs8PrivateKey();

    /// <summary>The public key as a JWK, for the newAccount request (RFC 8555 §6.2).</summary>
    public EcJwk Jwk { get; }

    /// <summary>The JWK thumbprint (RFC 7638), base64url; part of every key authorization.</summary>
    public string Thumbprint { get; }

    /// <summary>ES256: SHA-256 over the signing input, signature as raw r||s (RFC 7518 §3.4), not DER.</summary>
    public byte[] Sign(ReadOnlySpan<byte> signingInput) =>
        _key.SignData(signingInput, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);

    /// <summary>
    /// RFC 7638 §3: SHA-256 of the required members in lexicographic order, no whitespace. For an EC key
    /// those are crv, kty, x, y.
    /// </summary>
    public static string ComputeThumbprint(EcJwk jwk) =>
        ComputeThumbprint([("crv", jwk.Crv), ("kty", jwk.Kty), ("x", jwk.X), ("y", jwk.Y)]);

    /// <summary>RFC 7638 §3.3 for any key type given its required members (all string-valued).</summary>
    public static string ComputeThumbprint(IEnumerable<(string Name, string Value)> requiredMembers)
    {
        var sb = new StringBuilder("{");
        foreach (var (name, value) in requiredMembers.OrderBy(m => m.Name, StringComparer.Ordinal))
        {
            if (sb.Length > 1)
                sb.Append(',');
            // Member values here are base64url or fixed names: nothing that JSON would escape.
            sb.Append('"').Append(name).Append("\":\"").Append(value).Append('"');
        }
        sb.Append('}');
        return Base64Url.EncodeToString(SHA256.HashData(Encoding.UTF8.GetBytes(sb.ToString())));
    }

    public void Dispose() => _key.Dispose();
}
