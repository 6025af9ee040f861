using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using Hiy.Acme;

namespace Hiy.Tests.Acme;

public sealed class AcmeAccountKeyTests
{
    // RFC 7638 §3.1: the example RSA key and its thumbprint.
    private const string Rfc7638N =
        "0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc_BJECPebWKRXjBZCiFV4n3oknjhMstn" +
        "64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQvRL5hajrn1n91" +
        "CbOpbISD08qNLyrdkt-bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw";

    [Fact]
    public void ComputeThumbprint_Rfc7638Example_MatchesSpec()
    {
        // Members given out of order on purpose: the canonical form sorts them.
        var thumbprint = AcmeAccountKey.ComputeThumbprint([("n", Rfc7638N), ("kty", "RSA"), ("e", "AQAB")]);

        Assert.Equal("NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs", thumbprint);
    }

    [Fact]
    public void Thumbprint_EcKey_IsSha256OfCanonicalCrvKtyXY()
    {
        using var key = AcmeAccountKey.Create();
        var canonical = $"{{\"crv\":\"P-256\",\"kty\":\"EC\",\"x\":\"{key.Jwk.X}\",\"y\":\"{key.Jwk.Y}\"}}";

        Assert.Equal(Base64Url.EncodeToString(SHA256.HashData(Encoding.UTF8.GetBytes(canonical))), key.Thumbprint);
        Assert.Equal(43, key.Jwk.X.Length); // 32 bytes, base64url without padding
        Assert.Equal(43, key.Jwk.Y.Length);
    }

    [Fact]
    public void ImportPkcs8_ExportedKey_IsTheSameAccount()
    {
        using var key = AcmeAccountKey.Create();
        using var again = AcmeAccountKey.ImportPkcs8(key.ExportPkcs8());

        Assert.Equal(key.Thumbprint, again.Thumbprint);
        Assert.Equal(key.Jwk, again.Jwk);
    }

    [Fact]
    public void ImportPkcs8_P384Key_IsRejected()
    {
        using var p384 = ECDsa.Create(ECCurve.NamedCurves.nistP384);

        Assert.Throws<ArgumentException>(() => AcmeAccountKey.ImportPkcs8(p384.ExportPkcs8PrivateKey()));
    }
}
