using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Hiy.Proxy;
using Microsoft.AspNetCore.Builder;

namespace Hiy.Tests.Proxy;

/// <summary>
/// One backend app and two proxies shared by the proxy tests: <see cref="Plain"/> (HTTP only, as on a LAN
/// before any certificate) and <see cref="Tls"/> (HTTP + HTTPS with an exact and a wildcard certificate).
/// </summary>
public sealed class ProxyFixture : IAsyncLifetime
{
    public const string Domain = "hiy.test";

    private WebApplication? _backend;

    public int BackendPort { get; private set; }
    internal ProxyTestHost Plain { get; private set; } = null!;
    internal ProxyTestHost Tls { get; private set; } = null!;
    public ListLogger Log { get; } = new();
    public DirectoryInfo SiteDir { get; } = Directory.CreateTempSubdirectory("hiy-site-");
    public DirectoryInfo DataDir { get; } = Directory.CreateTempSubdirectory("hiy-data-");
    public X509Certificate2 Exact { get; } = SelfSigned("blog.hiy.test");
    public X509Certificate2 Wildcard { get; } = SelfSigned("*.hiy.test");
    public X509Certificate2 Fallback => Tls.Module.FallbackCertificate;

    public async Task InitializeAsync()
    {
        (_backend, BackendPort) = await TestBackend.StartAsync();
        var versions = StaticSiteFiles.Create(SiteDir.FullName);
        var routes = new RouteInputs(Domain,
            [
                new AppInput("blog", BackendPort, ["blog.example.org"]),
                new AppInput("deploying", null),
                new AppInput("down", ProxyTestHost.FreePort()),
            ],
            [new SiteInput("docs", versions, "2")]);
        var options = new ProxyOptions
        {
            Bind = "127.0.0.1",
            HttpPort = 0,
            HttpsPort = 0,
            ActivityTimeout = TimeSpan.FromSeconds(1),
            MaxAppRequestBodySize = null,
        };

        // LAN-only, before any certificate: plain HTTP, no TLS listener.
        var plain = new ProxyModule(options, Domain, FallbackCertificate.Create(TimeProvider.System), Log, TimeProvider.System);
        plain.UpdateRoutes(routes);
        Plain = await ProxyTestHost.StartAsync(plain);

        // With certificates: the fallback is created on disk the way `hiy serve` does at first start.
        var tls = ProxyModule.Create(options with { HttpsPort = ProxyTestHost.FreePort() }, Domain,
            Path.Combine(DataDir.FullName, "tls", "fallback.pfx"), Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance, TimeProvider.System);
        tls.UpdateRoutes(routes);
        tls.UpdateCertificates([new CertificateInput(Wildcard), new CertificateInput(Exact)]);
        Tls = await ProxyTestHost.StartAsync(tls);
    }

    public async Task DisposeAsync()
    {
        await Plain.DisposeAsync();
        await Tls.DisposeAsync();
        if (_backend is not null)
            await _backend.DisposeAsync();
        SiteDir.Delete(recursive: true);
        DataDir.Delete(recursive: true);
    }

    private static X509Certificate2 SelfSigned(string dnsName)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=" + dnsName, key, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        san.AddDnsName(dnsName);
        request.CertificateExtensions.Add(san.Build());
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
    }
}

[CollectionDefinition("proxy")]
public sealed class ProxyCollection : ICollectionFixture<ProxyFixture>;
