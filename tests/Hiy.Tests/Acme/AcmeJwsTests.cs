using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Hiy.Acme;

namespace Hiy.Tests.Acme;

public sealed class AcmeJwsTests
{
    private static readonly Uri Url = new("https://ca.test/acme/new-order");

    [Fact]
    public void Sign_WithoutKid_HeaderCarriesJwkAndNoKid()
    {
        using var key = AcmeAccountKey.Create();

        var jws = AcmeJws.Sign(key, Url, "nonce-1", kid: null, payloadB64: "");

        using var header = DecodeJson(jws.Protected);
        var root = header.RootElement;
        Assert.Equal("ES256", root.GetProperty("alg").GetString());
        Assert.Equal("nonce-1", root.GetProperty("nonce").GetString());
        Assert.Equal(Url.AbsoluteUri, root.GetProperty("url").GetString());
        Assert.False(root.TryGetProperty("kid", out _));
        var jwk = root.GetProperty("jwk");
        Assert.Equal("EC", jwk.GetProperty("kty").GetString());
        Assert.Equal("P-256", jwk.GetProperty("crv").GetString());
        Assert.Equal(key.Jwk.X, jwk.GetProperty("x").GetString());
        Assert.Equal(key.Jwk.Y, jwk.GetProperty("y").GetString());
    }

    [Fact]
    public void Sign_WithKid_HeaderCarriesKidAndNoJwk()
    {
        using var key = AcmeAccountKey.Create();

        var jws = AcmeJws.Sign(key, Url, "n", "https://ca.test/acct/7", "e30");

        using var header = DecodeJson(jws.Protected);
        Assert.Equal("https://ca.test/acct/7", header.RootElement.GetProperty("kid").GetString());
        Assert.False(header.RootElement.TryGetProperty("jwk", out _));
        Assert.Equal("e30", jws.Payload);
    }

    [Fact]
    public void Sign_Signature_IsRawRsThatVerifiesWithThePublicJwk()
    {
        using var key = AcmeAccountKey.Create();

        var jws = AcmeJws.Sign(key, Url, "n", "https://ca.test/acct/7", Base64Url.EncodeToString("{\"a\":1}"u8));

        var signature = Base64Url.DecodeFromChars(jws.Signature);
        Assert.Equal(64, signature.Length); // RFC 7518 §3.4: r || s, 32 bytes each, not DER
        using var verifier = ECDsa.Create(new ECParameters
        {
            Curve = ECCurve.NamedCurves.nistP256,
            Q = new ECPoint { X = Base64Url.DecodeFromChars(key.Jwk.X), Y = Base64Url.DecodeFromChars(key.Jwk.Y) },
        });
        var signingInput = Encoding.ASCII.GetBytes(jws.Protected + "." + jws.Payload);
        Assert.True(verifier.VerifyData(signingInput, signature, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation));
        signingInput[^1] ^= 1;
        Assert.False(verifier.VerifyData(signingInput, signature, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation));
    }

    [Fact]
    public void Sign_Message_SerializesAsFlattenedJson()
    {
        using var key = AcmeAccountKey.Create();
        var jws = AcmeJws.Sign(key, Url, "n", null, "");

        var json = JsonSerializer.Serialize(jws, AcmeJsonContext.Default.JwsMessage);

        using var doc = JsonDocument.Parse(json);
        Assert.Equal(new[] { "protected", "payload", "signature" }, doc.RootElement.EnumerateObject().Select(p => p.Name));
        Assert.Equal("", doc.RootElement.GetProperty("payload").GetString()); // POST-as-GET, RFC 8555 §6.3
    }

    private static JsonDocument DecodeJson(string b64) => JsonDocument.Parse(Base64Url.DecodeFromChars(b64));
}
