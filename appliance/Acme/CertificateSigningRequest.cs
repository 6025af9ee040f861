using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Hiy.Acme;

/// <summary>Builds the finalize CSR (RFC 8555 §7.4, PKCS#10) for a fresh certificate key.</summary>
public static class CertificateSigningRequest
{
    private const int MaxCommonNameLength = 64; // RFC 5280 ub-common-name

    /// <summary>A DER CSR for <paramref name="names"/> (every name a SAN; the first also the CN when it fits).</summary>
    public static byte[] Create(ECDsa certificateKey, IReadOnlyList<string> names)
    {
        if (names.Count == 0)
            throw new ArgumentException("acme: a CSR needs at least one name", nameof(names));
        var subjectBuilder = new X500DistinguishedNameBuilder();
        if (names[0].Length <= MaxCommonNameLength)
            subjectBuilder.AddCommonName(names[0]);
        var subject = subjectBuilder.Build();
        var request = new CertificateRequest(subject, certificateKey, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        foreach (var name in names)
            san.AddDnsName(name);
        request.CertificateExtensions.Add(san.Build());
        return request.CreateSigningRequest();
    }
}
