using System.Runtime.CompilerServices;
using System.Collections.Frozen;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace Hiy.Proxy;

/// <summary>One certificate as the Acme module (or a test) hands it over: leaf with private key, plus its chain.</summary>
public sealed record CertificateInput(X509Certificate2 Leaf, X509Certificate2Collection? Chain = null)
{
    /// <summary>From PEM as an ACME server delivers it (RFC 8555 §7.4.2: leaf first, then the chain) and the key's PEM.</summary>
    public static CertificateInput FromPem(string fullChainPem, string keyPem)
    {
        var all = new X509Certificate2Collection();
        all.ImportFromPem(fullChainPem);
        if (all.Count == 0)
            throw new ArgumentException("no certificate in the PEM", nameof(fullChainPem));
        var leaf = X509Certificate2.CreateFromPem(all[0].ExportCertificatePem(), keyPem);
        var chain = new X509Certificate2Collection();
        for (var i = 1; i < all.Count; i++)
            chain.Add(all[i]);
        return new CertificateInput(leaf, chain);
    }
}

/// <summary>
/// An immutable host → TLS options map. Every <see cref="SslStreamCertificateContext"/> is built once,
/// when the map is built, so a handshake does a dictionary look-up and no I/O.
/// </summary>
public sealed class CertificateMap
{
    private static readonly List<SslApplicationProtocol> Alpn = [SslApplicationProtocol.Http2, SslApplicationProtocol.Http11];

    /// <summary>
    /// The fallback's context, built once per certificate and off the start-up path: creating a context
    /// builds its chain, which reads the whole system trust store (~100 ms on this machine). It is
    /// warmed in the background as soon as it is first asked for, long before a LAN browser connects.
    /// </summary>
    private static readonly ConditionalWeakTable<X509Certificate2, Lazy<SslServerAuthenticationOptions>> FallbackOptions = new();

    private readonly FrozenDictionary<string, SslServerAuthenticationOptions> _byName;
    private readonly FrozenSet<string> _names;
    private readonly Lazy<SslServerAuthenticationOptions> _fallback;

    private CertificateMap(FrozenDictionary<string, SslServerAuthenticationOptions> byName, Lazy<SslServerAuthenticationOptions> fallback, X509Certificate2 fallbackCertificate)
    {
        _byName = byName;
        _names = byName.Keys.ToFrozenSet(StringComparer.Ordinal);
        _fallback = fallback;
        FallbackCertificate = fallbackCertificate;
    }

    public SslServerAuthenticationOptions Fallback => _fallback.Value;

    public X509Certificate2 FallbackCertificate { get; }

    public IReadOnlySet<string> Names => _names;

    /// <summary>
    /// Builds the map. Names come from each certificate's DNS SANs (else its CN); a later certificate for
    /// the same name replaces an earlier one, so pass them oldest first.
    /// </summary>
    public static CertificateMap Build(X509Certificate2 fallback, IEnumerable<CertificateInput> certificates)
    {
        var byName = new Dictionary<string, SslServerAuthenticationOptions>(StringComparer.Ordinal);
        foreach (var input in certificates)
        {
            var options = CreateOptions(input.Leaf, input.Chain);
            foreach (var name in DnsNames(input.Leaf))
                byName[name] = options;
        }
        var lazy = FallbackOptions.GetValue(fallback, f =>
        {
            var options = new Lazy<SslServerAuthenticationOptions>(() => CreateOptions(f, null), LazyThreadSafetyMode.ExecutionAndPublication);
            _ = Task.Run(() => options.Value);
            return options;
        });
        return new CertificateMap(byName.ToFrozenDictionary(StringComparer.Ordinal), lazy, fallback);
    }

    /// <summary>The options for a ClientHello's server name; <c>IsReal</c> is false for the self-signed fallback.</summary>
    public (SslServerAuthenticationOptions Options, bool IsReal) Select(string? serverName)
    {
        var name = SniSelector.Choose(serverName, _names);
        return name is null ? (Fallback, false) : (_byName[name], true);
    }

    /// <summary>Whether a real (non-fallback) certificate covers <paramref name="host"/>.</summary>
    public bool HasRealCertificate(string host) => SniSelector.Choose(host, _names) is not null;

    public static IEnumerable<string> DnsNames(X509Certificate2 certificate)
    {
        var found = false;
        foreach (var ext in certificate.Extensions)
        {
            if (ext is X509SubjectAlternativeNameExtension san)
            {
                foreach (var dns in san.EnumerateDnsNames())
                {
                    found = true;
                    yield return dns.TrimEnd('.').ToLowerInvariant();
                }
            }
        }
        if (!found)
        {
            var cn = certificate.GetNameInfo(X509NameType.DnsName, forIssuer: false);
            if (!string.IsNullOrEmpty(cn))
                yield return cn.TrimEnd('.').ToLowerInvariant();
        }
    }

    private static SslServerAuthenticationOptions CreateOptions(X509Certificate2 leaf, X509Certificate2Collection? chain) => new()
    {
        // offline: true — never fetch intermediates or OCSP from the network while building the context.
        ServerCertificateContext = SslStreamCertificateContext.Create(leaf, chain, offline: true),
        ApplicationProtocols = Alpn,
        ClientCertificateRequired = false,
        CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
    };
}
