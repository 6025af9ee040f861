using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Hiy.Acme;
using Hiy.Proxy;
using Hiy.Secrets;
using Hiy.Store;
using Microsoft.Extensions.Logging.Abstractions;

namespace Hiy.Tests.Acme;

/// <summary>The manager's decisions with a scripted CA (the real issuance runs against Pebble in the integration tests).</summary>
public sealed class CertificateManagerTests : IDisposable
{
    private const string Domain = "pi.example.test";
    private readonly TempDir _dir = new();
    private readonly HiyDatabase _db;
    private readonly SecretBox _secrets = new(RandomNumberGenerator.GetBytes(SecretBox.KeySize));
    private readonly ManualTimeProvider _time = new(DateTimeOffset.UtcNow);
    private readonly SettingsRepository _settings;
    private readonly CertificateRepository _certificates;
    private readonly ProxyModule _proxy;
    private int _caRequests;

    public CertificateManagerTests()
    {
        _db = HiyDatabase.Open(_dir.File("hiy.db"));
        _settings = new SettingsRepository(_db, _secrets, _time);
        _certificates = new CertificateRepository(_db, _secrets, _time);
        _proxy = new ProxyModule(new ProxyOptions(), Domain, SelfSigned("fallback.invalid"), NullLogger.Instance, _time);
    }

    [Theory]
    [InlineData(false, "a.test", "m@a.test", "t", "z", "the setup wizard has not been completed")]
    [InlineData(true, "a.test", null, null, null, "no ACME e-mail, no Cloudflare API token, no Cloudflare zone id")]
    [InlineData(true, "a.test", "m@a.test", "t", "", "no Cloudflare zone id")]
    [InlineData(true, "localhost", "m@a.test", "t", "z", "no domain")]
    [InlineData(true, "a.test", "m@a.test", "t", "z", null)]
    public void AcmeSettingsFrom_Table_SaysWhyAcmeIsOff(bool completed, string? domain, string? email, string? token, string? zone, string? why)
    {
        var settings = AcmeSettings.From(completed, domain, email, token, zone, out var whyOff);
        Assert.Equal(why, whyOff);
        Assert.Equal(why is null, settings is not null);
    }

    [Fact]
    public async Task Start_NoAcmeSettings_StaysOffAndNeverCallsTheCa()
    {
        _settings.Set(SettingsRepository.SetupCompletedAt, "2026-11-22T00:00:00.000Z");
        _settings.Set(SettingsRepository.Domain, Domain);
        using var manager = CreateManager(_ => throw new InvalidOperationException("no CA call expected"));

        await manager.StartAsync(CancellationToken.None);
        manager.CheckNow(force: true);
        await Task.Delay(300);
        await manager.StopAsync(CancellationToken.None);

        Assert.Equal("no ACME e-mail, no Cloudflare API token, no Cloudflare zone id", manager.DisabledReason);
        Assert.Equal(0, _caRequests);
        Assert.Empty(manager.List());
        Assert.False(_proxy.Certificates.Current.HasRealCertificate("app." + Domain));
    }

    [Fact]
    public async Task Start_StoredCertificate_IsServedBeforeAnyCaContact()
    {
        using var cert = SelfSigned("*." + Domain);
        var key = cert.GetECDsaPrivateKey()!.ExportPkcs8PrivateKeyPem();
        _certificates.SaveIssued(Domain, [Domain, "*." + Domain], cert.ExportCertificatePem(), key,
            cert.NotBefore.ToUniversalTime(), cert.NotAfter.ToUniversalTime(), _time.GetUtcNow().AddDays(30));
        using var manager = CreateManager(_ => throw new InvalidOperationException("no CA call expected"));

        await manager.StartAsync(CancellationToken.None);
        await manager.StopAsync(CancellationToken.None);

        Assert.True(_proxy.Certificates.Current.HasRealCertificate("app." + Domain));
        Assert.Equal(0, _caRequests);
    }

    [Fact]
    public async Task Attempt_CaAnswersRateLimited_RecordsProblemTypeDetailAndHonoursRetryAfter()
    {
        ConfigureAcme();
        using var manager = CreateManager(request => request.RequestUri!.AbsolutePath switch
        {
            "/dir" => Json(HttpStatusCode.OK, """{"newNonce":"https://ca.test/nonce","newAccount":"https://ca.test/acct","newOrder":"https://ca.test/order"}"""),
            "/nonce" => Json(HttpStatusCode.OK, ""),
            _ => Json((HttpStatusCode)429, """{"type":"urn:ietf:params:acme:error:rateLimited","detail":"too many new registrations from this IP","status":429}""",
                "application/problem+json", retryAfterSeconds: 7200),
        });

        await manager.StartAsync(CancellationToken.None);
        var record = await WaitForAsync(() => _certificates.Find(Domain) is { Status: "failed" } r ? r : null);
        await manager.StopAsync(CancellationToken.None);

        Assert.Contains("urn:ietf:params:acme:error:rateLimited", record.LastError, StringComparison.Ordinal);
        Assert.Contains("too many new registrations from this IP", record.LastError, StringComparison.Ordinal);
        Assert.StartsWith("acme: order for " + Domain, record.LastError, StringComparison.Ordinal);
        Assert.Equal(1, record.ConsecutiveFailures);
        // The CA's Retry-After (2 h) beats the first backoff step (1 min).
        Assert.Equal(record.LastFailureAt!.Value.AddHours(2), record.NextAttemptAt);
        Assert.False(record.HasCertificate);
        var status = Assert.Single(manager.List());
        Assert.Equal(RenewalStatus.BackingOff, status.Renewal);
        Assert.False(_proxy.Certificates.Current.HasRealCertificate("app." + Domain));
    }

    private void ConfigureAcme()
    {
        _settings.Set(SettingsRepository.SetupCompletedAt, "2026-11-22T00:00:00.000Z");
        _settings.Set(SettingsRepository.Domain, Domain);
        _settings.Set(SettingsRepository.AcmeEmail, "admin@example.test");
        _settings.SetSecret(SettingsRepository.CloudflareApiToken, "token");
        _settings.Set(SettingsRepository.CloudflareZoneId, "zone");
    }

    private CertificateManager CreateManager(Func<HttpRequestMessage, HttpResponseMessage> ca) =>
        new(_certificates, new DomainRepository(_db, _time), new AcmeAccountRepository(_db, _secrets, _time), _settings, _proxy, new Http01ChallengeStore(),
            new CertificateManagerOptions
            {
                DirectoryUrl = new Uri("https://ca.test/dir"),
                DnsServers = ["127.0.0.1:1"],
                AcmeHandler = () => new Lambda(r => { Interlocked.Increment(ref _caRequests); return ca(r); }),
                CloudflareHandler = () => new Lambda(_ => throw new InvalidOperationException("no Cloudflare call expected")),
            },
            _time, NullLogger<CertificateManager>.Instance);

    private static async Task<T> WaitForAsync<T>(Func<T?> probe) where T : class
    {
        for (var i = 0; i < 100; i++)
        {
            if (probe() is { } value)
                return value;
            await Task.Delay(50);
        }
        throw new TimeoutException("condition not met within 5 s");
    }

    private static HttpResponseMessage Json(HttpStatusCode status, string json, string contentType = "application/json", int? retryAfterSeconds = null)
    {
        var response = new HttpResponseMessage(status) { Content = new StringContent(json, Encoding.UTF8, contentType) };
        response.Headers.Add("Replay-Nonce", "n" + Guid.NewGuid().ToString("N"));
        if (retryAfterSeconds is { } s)
            response.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(TimeSpan.FromSeconds(s));
        return response;
    }

    private static X509Certificate2 SelfSigned(string name)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=" + name, key, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        san.AddDnsName(name);
        request.CertificateExtensions.Add(san.Build());
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(90));
    }

    private sealed class Lambda(Func<HttpRequestMessage, HttpResponseMessage> respond) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            Task.FromResult(respond(request));
    }

    public void Dispose()
    {
        _proxy.Dispose();
        _db.Dispose();
        _dir.Dispose();
    }
}
