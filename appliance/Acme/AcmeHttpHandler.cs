using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace Hiy.Acme;

/// <summary>The handler for talking to the ACME server: the system roots, plus, when given
/// (<c>acme_ca_bundle</c>, Pebble in tests), the roots of a PEM bundle.</summary>
public static class AcmeHttpHandler
{
    public static SocketsHttpHandler Create(string? extraRootsPemPath = null)
    {
        var handler = new SocketsHttpHandler
        {
            ConnectTimeout = TimeSpan.FromSeconds(10),
            PooledConnectionIdleTimeout = TimeSpan.FromSeconds(30),
        };
        if (extraRootsPemPath is null)
            return handler;
        var roots = new X509Certificate2Collection();
        roots.ImportFromPemFile(extraRootsPemPath);
        handler.SslOptions = new SslClientAuthenticationOptions
        {
            RemoteCertificateValidationCallback = (_, certificate, presented, errors) =>
            {
                if (errors == SslPolicyErrors.None)
                    return true; // trusted by the system roots
                // Only an untrusted chain may be rescued by the extra roots; a name mismatch never is.
                if (certificate is null || errors != SslPolicyErrors.RemoteCertificateChainErrors)
                    return false;
                using var leaf = X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
                using var chain = new X509Chain();
                chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
                chain.ChainPolicy.CustomTrustStore.AddRange(roots);
                chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
                if (presented is not null)
                    foreach (var element in presented.ChainElements)
                        chain.ChainPolicy.ExtraStore.Add(element.Certificate);
                return chain.Build(leaf);
            },
        };
        return handler;
    }
}
