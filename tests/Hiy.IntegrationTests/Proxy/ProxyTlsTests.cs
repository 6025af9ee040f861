using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using Hiy.Proxy;

namespace Hiy.Tests.Proxy;

[Collection("proxy")]
public class ProxyTlsTests(ProxyFixture fixture)
{
    private async Task<(X509Certificate2 Certificate, SslApplicationProtocol Alpn)> HandshakeAsync(string serverName, params SslApplicationProtocol[] alpn)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, fixture.Tls.HttpsPort);
        X509Certificate2? seen = null;
        await using var ssl = new SslStream(tcp.GetStream(), false, (_, cert, _, _) =>
        {
            seen = new X509Certificate2(cert!);
            return true;
        });
        await ssl.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
        {
            TargetHost = serverName,
            ApplicationProtocols = alpn.Length == 0 ? null : [.. alpn],
        });
        return (seen!, ssl.NegotiatedApplicationProtocol);
    }

    [Fact]
    public async Task Sni_ExactName_ExactCertificate() =>
        Assert.Equal(fixture.Exact.Thumbprint, (await HandshakeAsync("blog.hiy.test")).Certificate.Thumbprint);

    [Fact]
    public async Task Sni_OtherSubdomain_WildcardCertificate() =>
        Assert.Equal(fixture.Wildcard.Thumbprint, (await HandshakeAsync("shop.hiy.test")).Certificate.Thumbprint);

    [Theory]
    [InlineData("hiy.local")]
    [InlineData("a.b.hiy.test")]
    [InlineData("unrelated.org")]
    public async Task Sni_UnknownName_FallbackCertificate(string name) =>
        Assert.Equal(fixture.Fallback.Thumbprint, (await HandshakeAsync(name)).Certificate.Thumbprint);

    [Fact]
    public async Task Sni_AfterUpdateCertificates_NewCertificateOnNextHandshake()
    {
        var renewed = SelfSignedPem("*.hiy.test", out var certPem, out var keyPem);
        try
        {
            fixture.Tls.Module.UpdateCertificates([new CertificateInput(fixture.Wildcard), new CertificateInput(fixture.Exact), CertificateInput.FromPem(certPem, keyPem)]);
            Assert.Equal(renewed.Thumbprint, (await HandshakeAsync("shop.hiy.test")).Certificate.Thumbprint);
            Assert.Equal(fixture.Exact.Thumbprint, (await HandshakeAsync("blog.hiy.test")).Certificate.Thumbprint);
        }
        finally
        {
            fixture.Tls.Module.UpdateCertificates([new CertificateInput(fixture.Wildcard), new CertificateInput(fixture.Exact)]);
        }
    }

    [Fact]
    public void FallbackCertificate_CreatedUnderDataDir()
    {
        var pfx = Path.Combine(fixture.DataDir.FullName, "tls", "fallback.pfx");
        Assert.True(File.Exists(pfx));
        Assert.Equal(fixture.Fallback.Thumbprint, X509CertificateLoader.LoadPkcs12FromFile(pfx, null).Thumbprint);
    }

    private static X509Certificate2 SelfSignedPem(string dnsName, out string certPem, out string keyPem)
    {
        using var key = System.Security.Cryptography.ECDsa.Create(System.Security.Cryptography.ECCurve.NamedCurves.nistP256);
        var request = new System.Security.Cryptography.X509Certificates.CertificateRequest("CN=" + dnsName, key, System.Security.Cryptography.HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        san.AddDnsName(dnsName);
        request.CertificateExtensions.Add(san.Build());
        var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(90));
        certPem = certificate.ExportCertificatePem() + "\n" + IssuerPem;
        keyPem = key.ExportPkcs8PrivateKeyPem();
        return certificate;
    }

    // A second PEM block stands in for the issuer chain an ACME server appends (RFC 8555 §7.4.2).
    private static readonly string IssuerPem = FallbackCertificate.Create(TimeProvider.System).ExportCertificatePem();

    [Fact]
    public async Task Alpn_H2Offered_H2Negotiated() =>
        Assert.Equal(SslApplicationProtocol.Http2, (await HandshakeAsync("blog.hiy.test", SslApplicationProtocol.Http2, SslApplicationProtocol.Http11)).Alpn);

    [Fact]
    public async Task Https_Http2Request_ForwardedWithHsts()
    {
        using var client = fixture.Tls.Client(https: true);
        using var request = new HttpRequestMessage(HttpMethod.Get, $"https://blog.hiy.test:{fixture.Tls.HttpsPort}/echo")
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
        using var response = await client.SendAsync(request);
        Assert.Equal(HttpVersion.Version20, response.Version);
        var body = await response.Content.ReadAsStringAsync();
        Assert.Contains("x-forwarded-proto: https\n", body);
        Assert.StartsWith("max-age=", response.Headers.GetValues("Strict-Transport-Security").Single());
    }

    [Fact]
    public async Task WebSocket_OverHttp2ExtendedConnect_EchoedByHttp11App()
    {
        using var invoker = new HttpMessageInvoker(ProxyTestHost.Handler(fixture.Tls.HttpsPort));
        using var socket = new System.Net.WebSockets.ClientWebSocket();
        socket.Options.HttpVersion = HttpVersion.Version20;
        socket.Options.HttpVersionPolicy = HttpVersionPolicy.RequestVersionExact;
        await socket.ConnectAsync(new Uri($"wss://blog.hiy.test:{fixture.Tls.HttpsPort}/ws"), invoker, CancellationToken.None);
        var hello = System.Text.Encoding.UTF8.GetBytes("over h2");
        await socket.SendAsync(hello, System.Net.WebSockets.WebSocketMessageType.Text, true, CancellationToken.None);
        var buffer = new byte[64];
        var result = await socket.ReceiveAsync(buffer, CancellationToken.None);
        Assert.Equal("over h2", System.Text.Encoding.UTF8.GetString(buffer, 0, result.Count));
        await socket.CloseAsync(System.Net.WebSockets.WebSocketCloseStatus.NormalClosure, "done", CancellationToken.None);
    }

    [Fact]
    public async Task Https_FallbackHost_NoHsts()
    {
        using var client = fixture.Tls.Client(https: true);
        using var response = await client.GetAsync($"https://hiy.local:{fixture.Tls.HttpsPort}/");
        Assert.Equal("control", await response.Content.ReadAsStringAsync());
        Assert.False(response.Headers.Contains("Strict-Transport-Security"));
    }

    [Fact]
    public async Task Http_HostWithRealCertificate_308ToHttps()
    {
        using var client = fixture.Tls.Client();
        using var response = await client.PostAsync("http://shop.hiy.test/cart?id=3", new StringContent("x"));
        Assert.Equal(HttpStatusCode.PermanentRedirect, response.StatusCode);
        Assert.Equal($"https://shop.hiy.test:{fixture.Tls.HttpsPort}/cart?id=3", response.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task Http_HostWithFallbackOnly_NotRedirected()
    {
        using var client = fixture.Tls.Client();
        Assert.Equal("control", await client.GetStringAsync("http://hiy.local/"));
    }

    [Fact]
    public async Task Http01_KnownToken_AnsweredEvenWhereHttpsRedirects()
    {
        fixture.Tls.Module.Challenges.Set("tok-123_abc", "tok-123_abc.thumbprint");
        try
        {
            using var client = fixture.Tls.Client();
            using var response = await client.GetAsync("http://blog.hiy.test/.well-known/acme-challenge/tok-123_abc");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("tok-123_abc.thumbprint", await response.Content.ReadAsStringAsync());
            using var unknown = await client.GetAsync("http://blog.hiy.test/.well-known/acme-challenge/other");
            Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        }
        finally
        {
            fixture.Tls.Module.Challenges.Remove("tok-123_abc");
        }
    }
}
