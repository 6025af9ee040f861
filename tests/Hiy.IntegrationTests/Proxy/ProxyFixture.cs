using System.Net;
using System.Net.Sockets;
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
    public ChallengeResponder Challenges { get; } = new();
    public ListLogger Log { get; } = new();
    public DirectoryInfo SiteDir { get; } = Directory.CreateTempSubdirectory("hiy-site-");
    public X509Certificate2 Exact { get; } = SelfSigned("blog.hiy.test");
    public X509Certificate2 Wildcard { get; } = SelfSigned("*.hiy.test");
    public X509Certificate2 Fallback { get; } = FallbackCertificate.Create(TimeProvider.System);

    public async Task InitializeAsync()
    {
        (_backend, BackendPort) = await TestBackend.StartAsync();
        var versions = StaticSiteFiles.Create(SiteDir.FullName);
        var routes = new RouteTableHolder(RouteTable.Build(new RouteInputs(Domain,
            [
                new AppInput("blog", BackendPort, ["blog.example.org"]),
                new AppInput("deploying", null),
                new AppInput("down", ClosedPort()),
            ],
            [new SiteInput("docs", versions, "2")])));
        var options = new ProxyOptions { ResponseHeadersTimeout = TimeSpan.FromSeconds(1), MaxAppRequestBodySize = null };
        Plain = await ProxyTestHost.StartAsync(routes, Challenges, null, options, Log);
        var certificates = new CertificateStore(CertificateMap.Build(Fallback, [new CertificateInput(Wildcard), new CertificateInput(Exact)]));
        Tls = await ProxyTestHost.StartAsync(routes, Challenges, certificates, options);
    }

    public async Task DisposeAsync()
    {
        await Plain.DisposeAsync();
        await Tls.DisposeAsync();
        if (_backend is not null)
            await _backend.DisposeAsync();
        SiteDir.Delete(recursive: true);
    }

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
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
