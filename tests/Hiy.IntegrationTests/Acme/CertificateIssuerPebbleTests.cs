using System.Net;
using System.Security.Cryptography.X509Certificates;
using Hiy.Acme;
using Hiy.Acme.Dns;

namespace Hiy.Tests.Acme;

/// <summary>Whole issuances against the real Pebble, with dns-01 through <see cref="CloudflareDnsProvider"/>
/// pointed at <see cref="FakeCloudflare"/> (which relays to challtestsrv) and http-01 through our own responder.</summary>
[Collection(Http01PortCollection.Name)]
public sealed class CertificateIssuerPebbleTests
{
    private const string Zone = "hiy.test";

    [Fact]
    public async Task IssueAsync_WildcardViaCloudflareDns01_ChainVerifiesAgainstPebbleRoot()
    {
        await using var cloudflare = await FakeCloudflare.StartAsync();
        var domain = PebbleEnv.UniqueLabel("site") + "." + Zone;
        var names = CertificateIssuer.NamesFor(domain);
        using var key = AcmeAccountKey.Create();
        using var client = PebbleEnv.CreateClient(key);
        using var provider = CreateProvider(cloudflare);

        var issued = await CreateIssuer(client, provider, http01: null).IssueAsync(names);

        Assert.Equal(new[] { domain, "*." + domain }, issued.Names);
        using var leaf = issued.LoadLeafWithKey();
        Assert.True(leaf.HasPrivateKey);
        var sans = leaf.Extensions.OfType<X509SubjectAlternativeNameExtension>().Single().EnumerateDnsNames().ToArray();
        Assert.Equal(names.Order(), sans.Order());
        Assert.Equal(new DateTimeOffset(leaf.NotAfter.ToUniversalTime()), issued.NotAfter);
        Assert.True(issued.NotAfter > issued.NotBefore);
        AssertChainsTo(issued, await PebbleEnv.IssuingRootAsync());

        // Both TXT values went through the fake (apex and wildcard share _acme-challenge.<domain>) and are gone again.
        Assert.Equal(2, cloudflare.Created.Count);
        Assert.All(cloudflare.Created, r => Assert.Equal("_acme-challenge." + domain, r.Name));
        Assert.Equal(2, cloudflare.Deleted.Count);
        Assert.Equal(0, cloudflare.LiveCount);
        Assert.Equal(0, cloudflare.Unauthorized);
        Assert.Empty(await new DnsTxtClient().QueryTxtAsync(PebbleEnv.Dns, "_acme-challenge." + domain));
    }

    [Fact]
    public async Task IssueAsync_NearlyExpiredCertificate_RenewsWithTheSameAccount()
    {
        await using var cloudflare = await FakeCloudflare.StartAsync();
        var domain = PebbleEnv.UniqueLabel("renew") + "." + Zone;
        using var key = AcmeAccountKey.Create();
        using var client = PebbleEnv.CreateClient(key);
        using var provider = CreateProvider(cloudflare);
        var issuer = CreateIssuer(client, provider, http01: null);
        var first = await issuer.IssueAsync(CertificateIssuer.NamesFor(domain));
        var nearlyExpired = first.NotAfter.AddDays(-1);
        Assert.Equal(RenewalStatus.RenewalDue, RenewalPolicy.Evaluate(new RenewalState(first.NotBefore, first.NotAfter), nearlyExpired));

        var second = await issuer.IssueAsync(CertificateIssuer.NamesFor(domain));

        using var a = first.LoadLeafWithKey();
        using var b = second.LoadLeafWithKey();
        Assert.NotEqual(a.SerialNumber, b.SerialNumber);
        Assert.NotEqual(first.PrivateKeyPem, second.PrivateKeyPem); // a fresh key per certificate
        Assert.True(second.NotAfter >= first.NotAfter);
        Assert.Equal(0, cloudflare.LiveCount);
    }

    [Fact]
    public async Task IssueAsync_Http01ForNameOutsideZone_AnsweredFromTheChallengeStore()
    {
        await using var cloudflare = await FakeCloudflare.StartAsync();
        var store = new Http01ChallengeStore();
        await using var responder = await Http01Responder.StartAsync(store, PebbleEnv.Http01Port);
        var custom = PebbleEnv.UniqueLabel("blog") + ".other.test";
        var domain = PebbleEnv.UniqueLabel("mixed") + "." + Zone;
        using var key = AcmeAccountKey.Create();
        using var client = PebbleEnv.CreateClient(key);
        using var provider = CreateProvider(cloudflare);

        var issued = await CreateIssuer(client, provider, store).IssueAsync(CertificateIssuer.NamesFor(domain, [custom]));

        using var leaf = issued.LoadLeafWithKey();
        Assert.Contains(custom, leaf.Extensions.OfType<X509SubjectAlternativeNameExtension>().Single().EnumerateDnsNames());
        AssertChainsTo(issued, await PebbleEnv.IssuingRootAsync());
        Assert.True(responder.Hits >= 1, "Pebble never fetched the http-01 token");
        Assert.Equal(0, store.Count);
        Assert.Equal(2, cloudflare.Created.Count); // the custom name did not go through dns-01
        Assert.Equal(0, cloudflare.LiveCount);
    }

    [Fact]
    public async Task IssueAsync_RecordNeverVisible_PropagationTimeoutNamesDomainAndCleansUp()
    {
        await using var cloudflare = await FakeCloudflare.StartAsync(FakeCloudflare.Mode.DoNotRelay);
        var domain = PebbleEnv.UniqueLabel("lost") + "." + Zone;
        using var key = AcmeAccountKey.Create();
        using var client = PebbleEnv.CreateClient(key);
        using var provider = CreateProvider(cloudflare);
        var propagation = new DnsPropagationCheck([PebbleEnv.Dns], new DnsTxtClient(), null,
            TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(1));
        var issuer = new CertificateIssuer(client, provider, propagation, null);

        var e = await Assert.ThrowsAsync<AcmeException>(() => issuer.IssueAsync(CertificateIssuer.NamesFor(domain)));

        Assert.StartsWith($"acme: order for {domain}: dns: TXT _acme-challenge.{domain} = ", e.Message);
        Assert.Contains($"not visible after 1 s at {PebbleEnv.Dns}: no TXT record", e.Message);
        Assert.Equal(2, cloudflare.Deleted.Count);
        Assert.Equal(0, cloudflare.LiveCount);
    }

    [Fact]
    public async Task IssueAsync_WrongTxtValue_ChallengeFailsWithPebblesProblem()
    {
        await using var cloudflare = await FakeCloudflare.StartAsync(FakeCloudflare.Mode.RelayWrongValue);
        var domain = PebbleEnv.UniqueLabel("wrong") + "." + Zone;
        using var key = AcmeAccountKey.Create();
        using var client = PebbleEnv.CreateClient(key);
        using var provider = CreateProvider(cloudflare);
        // No propagation check: the CA itself is asked and must say no.
        var issuer = new CertificateIssuer(client, provider, null, null);

        var e = await Assert.ThrowsAsync<AcmeException>(() => issuer.IssueAsync(CertificateIssuer.NamesFor(domain)));

        Assert.StartsWith($"acme: order for {domain}: dns-01 challenge for ", e.Message);
        Assert.Contains("failed (authorization invalid): urn:ietf:params:acme:error:unauthorized", e.Message);
        Assert.Equal("urn:ietf:params:acme:error:unauthorized", e.ProblemType);
        Assert.False(string.IsNullOrEmpty(e.Detail));
        Assert.False(e.IsRateLimited);
        Assert.Equal(0, cloudflare.LiveCount);
        Assert.Empty(await new DnsTxtClient().QueryTxtAsync(PebbleEnv.Dns, "_acme-challenge." + domain));
    }

    [Fact]
    public async Task IssueAsync_WrongCloudflareToken_FailsNamingDomainAndCloudflareError()
    {
        await using var cloudflare = await FakeCloudflare.StartAsync();
        var domain = PebbleEnv.UniqueLabel("token") + "." + Zone;
        using var key = AcmeAccountKey.Create();
        using var client = PebbleEnv.CreateClient(key);
        using var provider = new CloudflareDnsProvider(new CloudflareOptions
        {
            ApiToken = "wrong",
            ZoneId = FakeCloudflare.ZoneId,
            ZoneName = Zone,
            ApiBase = cloudflare.ApiBase,
        }, new SocketsHttpHandler());

        var e = await Assert.ThrowsAsync<AcmeException>(() => CreateIssuer(client, provider, null).IssueAsync(CertificateIssuer.NamesFor(domain)));

        Assert.Equal($"acme: order for {domain}: cloudflare: create TXT _acme-challenge.{domain} in zone {Zone}: " +
            "[10000] Authentication error (HTTP 403)", e.Message);
        Assert.Equal(HttpStatusCode.Forbidden, e.Status);
    }

    [Fact]
    public async Task IssueAsync_WildcardOutsideZone_NoUsableChallenge()
    {
        var store = new Http01ChallengeStore();
        using var key = AcmeAccountKey.Create();
        using var client = PebbleEnv.CreateClient(key);
        var domain = PebbleEnv.UniqueLabel("nozone") + ".other.test";

        var e = await Assert.ThrowsAsync<AcmeException>(() =>
            new CertificateIssuer(client, null, null, store).IssueAsync(CertificateIssuer.NamesFor(domain)));

        Assert.Contains($"acme: order for {domain}: no usable challenge for *.{domain} (no DNS provider is configured; offered: dns-01)", e.Message);
        Assert.Equal(0, store.Count);
    }

    private static CloudflareDnsProvider CreateProvider(FakeCloudflare cloudflare) => new(new CloudflareOptions
    {
        ApiToken = FakeCloudflare.Token,
        ZoneId = FakeCloudflare.ZoneId,
        ZoneName = Zone,
        ApiBase = cloudflare.ApiBase,
    }, new SocketsHttpHandler());

    private static CertificateIssuer CreateIssuer(AcmeClient client, IDnsProvider provider, Http01ChallengeStore? http01) =>
        new(client, provider,
            new DnsPropagationCheck([PebbleEnv.Dns], new DnsTxtClient(), null, TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(10)),
            http01, new CertificateIssuerOptions { Contact = ["admin@hiy.test"] });

    private static void AssertChainsTo(IssuedCertificate issued, X509Certificate2 root)
    {
        var certificates = issued.LoadChain();
        Assert.True(certificates.Count >= 2, "expected leaf and intermediate(s)");
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(root);
        chain.ChainPolicy.ExtraStore.AddRange(certificates.Skip(1).ToArray());
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        var ok = chain.Build(certificates[0]);
        Assert.True(ok, string.Join("; ", chain.ChainStatus.Select(s => s.StatusInformation)));
        Assert.Equal(root.Thumbprint, chain.ChainElements[^1].Certificate.Thumbprint);
    }
}
