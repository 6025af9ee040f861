using System.Security.Cryptography.X509Certificates;

namespace Hiy.Acme;

/// <summary>What an issuance yields: the PEM chain (leaf first), the certificate's private key as PKCS#8
/// PEM, and the leaf's validity, which drives <see cref="RenewalPolicy"/>.</summary>
public sealed record IssuedCertificate(
    IReadOnlyList<string> Names,
    string CertificateChainPem,
    string PrivateKeyPem,
    DateTimeOffset NotBefore,
    DateTimeOffset NotAfter)
{
    /// <summary>Reads names and validity from the leaf (the first certificate in the chain).</summary>
    public static IssuedCertificate FromPem(IReadOnlyList<string> names, string chainPem, string privateKeyPem)
    {
        using var leaf = X509Certificate2.CreateFromPem(chainPem);
        return new IssuedCertificate(names, chainPem, privateKeyPem,
            new DateTimeOffset(leaf.NotBefore.ToUniversalTime(), TimeSpan.Zero),
            new DateTimeOffset(leaf.NotAfter.ToUniversalTime(), TimeSpan.Zero));
    }

    /// <summary>The leaf with its private key, ready for an <c>SslStreamCertificateContext</c>.</summary>
    public X509Certificate2 LoadLeafWithKey() => X509Certificate2.CreateFromPem(CertificateChainPem, PrivateKeyPem);

    /// <summary>Every certificate of the chain, leaf first.</summary>
    public X509Certificate2Collection LoadChain()
    {
        var chain = new X509Certificate2Collection();
        chain.ImportFromPem(CertificateChainPem);
        return chain;
    }
}
