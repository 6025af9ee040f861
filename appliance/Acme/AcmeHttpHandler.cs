using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace Hiy.Acme;

/// <summary>The handler for talking to the ACME server: the system roots, or, for Pebble in tests
/// (<c>acme_ca_bundle</c>), only the roots of a given PEM bundle.</summary>
public static class AcmeHttpHandler
{
    public static SocketsHttpHandler Create(string? caBundlePemPath = null)
    {
        var handler = new SocketsHttpHandler
        {
            ConnectTimeout = TimeSpan.FromSeconds(10),
            PooledConnectionIdleTimeout = TimeSpan.FromSeconds(30),
        };
        if (caBundlePemPath is null)
            return handler;
        var roots = new X509Certificate2Collection();
        roots.ImportFromPemFile(caBundlePemPath);
        handler.SslOptions = new SslClientAuthenticationOptions
        {
            RemoteCertificateValidationCallback = (_, certificate, _, errors) =>
            {
                if (certificate is null || (errors & ~SslPolicyErrors.RemoteCertificateChainErrors) != SslPolicyErrors.None)
                    return false;
                using var chain = new X509Chain();
                chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
                chain.ChainPolicy.CustomTrustStore.AddRange(roots);
                chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
                return chain.Build(X509CertificateLoader.LoadCertificate(certificate.GetRawCertData()));
            },
        };
        return handler;
    }
}
