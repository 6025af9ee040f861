using System.Diagnostics;
using System.Text.Json;
using Hiy.Acme;
using Hiy.Store;
using Xunit.Abstractions;

namespace Hiy.Tests.Acme;

/// <summary>
/// <c>hiy serve</c> end to end against the real Pebble + challtestsrv, with Cloudflare faked by
/// <see cref="FakeCloudflare"/>: the wizard's settings lead to a wildcard certificate served by SNI,
/// renewal at two thirds of the lifetime, a failed renewal that leaves the old certificate serving,
/// and a restart that serves the stored certificate without the CA. Only 127.0.0.1 traffic.
/// </summary>
public sealed class CertificateManagerPebbleTests(ITestOutputHelper output)
{
    private const string Zone = "hiy.test";
    private static readonly TimeSpan IssueLimit = TimeSpan.FromSeconds(60);

    private static bool IsValid(JsonElement c) => c.GetProperty("status").GetString() == "valid";

    private static string Serial(JsonElement c) => c.GetProperty("serial_number").GetString()!;

    private async Task<JsonElement> SetupAndWaitAsync(AcmeApplianceHost host, string domain)
    {
        var started = Stopwatch.StartNew();
        await host.SetupAsync(domain);
        var cert = await host.WaitForCertificateAsync(domain, IsValid, IssueLimit);
        output.WriteLine($"issued {domain} in {started.Elapsed.TotalSeconds:0.00} s (wizard POST to status valid)");
        return cert;
    }

    [Fact]
    public async Task Setup_WithCloudflareSettings_IssuesWildcardServedBySniAndVerifiedAgainstPebbleRoot()
    {
        await using var cloudflare = await FakeCloudflare.StartAsync();
        using var dir = new TempDir();
        await using var host = await AcmeApplianceHost.StartAsync(dir.Path, cloudflare);
        var domain = PebbleEnv.UniqueLabel("site") + "." + Zone;

        // Before the wizard: ACME is off (the API itself answers 403 until setup), HTTPS serves the fallback.
        Assert.Equal("the setup wizard has not been completed", Manager(host).DisabledReason);
        var fallback = (await host.HandshakeAsync("anything." + domain)).Leaf;
        Assert.Equal(host.Host.Services.GetService(typeof(Hiy.Proxy.ProxyModule)) is Hiy.Proxy.ProxyModule p ? p.FallbackCertificate.SerialNumber : null,
            fallback.SerialNumber);

        var cert = await SetupAndWaitAsync(host, domain);

        Assert.Equal(new[] { domain, "*." + domain }, cert.GetProperty("names").EnumerateArray().Select(n => n.GetString()));
        Assert.Equal("valid", cert.GetProperty("renewal").GetString());
        Assert.Equal(0, cert.GetProperty("consecutive_failures").GetInt32());
        Assert.False(cert.TryGetProperty("last_error", out _));
        var notAfter = cert.GetProperty("not_after").GetDateTimeOffset();
        var nextAttempt = cert.GetProperty("next_attempt_at").GetDateTimeOffset();
        var notBefore = cert.GetProperty("not_before").GetDateTimeOffset();
        // The renewal point (a third of the lifetime left), stored to the millisecond.
        Assert.InRange((RenewalPolicy.RenewAt(notBefore, notAfter) - nextAttempt).Duration(), TimeSpan.Zero, TimeSpan.FromMilliseconds(1));
        Assert.True((await host.CertificatesAsync()).GetProperty("acme_enabled").GetBoolean());

        var (leaf, sent) = await host.HandshakeAsync("anything." + domain);
        using var root = await PebbleEnv.IssuingRootAsync();
        Assert.Equal(Serial(cert), leaf.SerialNumber);
        Assert.Contains("*." + domain,
            leaf.Extensions.OfType<System.Security.Cryptography.X509Certificates.X509SubjectAlternativeNameExtension>().Single().EnumerateDnsNames());
        Assert.True(AcmeApplianceHost.ChainsTo(leaf, sent, root), "the served chain does not verify against Pebble's root");

        // The apex too; a name outside the domain still gets the fallback.
        Assert.Equal(Serial(cert), (await host.HandshakeAsync(domain)).Leaf.SerialNumber);
        Assert.NotEqual(Serial(cert), (await host.HandshakeAsync("elsewhere.example")).Leaf.SerialNumber);

        // Both TXT records went through the fake Cloudflare and were cleaned up.
        Assert.Equal(2, cloudflare.Created.Count);
        Assert.Equal(0, cloudflare.LiveCount);
    }

    [Fact]
    public async Task Renewal_ClockPastTwoThirdsOfLifetime_ReplacesCertificateWithNewSerial()
    {
        await using var cloudflare = await FakeCloudflare.StartAsync();
        using var dir = new TempDir();
        await using var host = await AcmeApplianceHost.StartAsync(dir.Path, cloudflare);
        var domain = PebbleEnv.UniqueLabel("renew") + "." + Zone;
        var first = await SetupAndWaitAsync(host, domain);
        var manager = Manager(host);

        // Not due yet: a look at the schedule changes nothing.
        manager.CheckNow();
        await Task.Delay(1500);
        var unchanged = (await host.CertificatesAsync()).GetProperty("certificates")[0];
        Assert.Equal(Serial(first), Serial(unchanged));
        Assert.Equal(2, cloudflare.Created.Count);

        // Move the appliance's clock just past the renewal point (a third of the lifetime left).
        var renewAt = first.GetProperty("next_attempt_at").GetDateTimeOffset();
        host.Time.Advance(renewAt - host.Time.GetUtcNow() + TimeSpan.FromSeconds(1));
        await host.LoginAsync();
        Assert.Equal("renewal_due", (await host.CertificatesAsync()).GetProperty("certificates")[0].GetProperty("renewal").GetString());
        var started = Stopwatch.StartNew();
        manager.CheckNow();

        var second = await host.WaitForCertificateAsync(domain, c => IsValid(c) && Serial(c) != Serial(first), IssueLimit);
        output.WriteLine($"renewed in {started.Elapsed.TotalSeconds:0.00} s");
        Assert.True(second.GetProperty("not_after").GetDateTimeOffset() >= first.GetProperty("not_after").GetDateTimeOffset());
        Assert.Equal(Serial(second), (await host.HandshakeAsync("anything." + domain)).Leaf.SerialNumber);
        Assert.Equal(0, cloudflare.LiveCount);
    }

    [Fact]
    public async Task Renewal_CloudflareRejectsToken_RecordsLastErrorAndOldCertificateKeepsServing()
    {
        await using var cloudflare = await FakeCloudflare.StartAsync();
        using var dir = new TempDir();
        await using var host = await AcmeApplianceHost.StartAsync(dir.Path, cloudflare);
        var domain = PebbleEnv.UniqueLabel("fail") + "." + Zone;
        var first = await SetupAndWaitAsync(host, domain);

        // At the renewal point the token has been revoked at Cloudflare (here: replaced by one the fake refuses).
        var settings = (SettingsRepository)host.Host.Services.GetService(typeof(SettingsRepository))!;
        settings.SetSecret(SettingsRepository.CloudflareApiToken, "revoked-token");
        host.Time.Advance(first.GetProperty("next_attempt_at").GetDateTimeOffset() - host.Time.GetUtcNow() + TimeSpan.FromSeconds(1));
        await host.LoginAsync();

        // Pebble reuses a valid authorization at random (PEBBLE_AUTHZREUSE, RFC 8555 §7.1.4); an order whose
        // authorizations were all reused needs no DNS record and succeeds. Ask again until one needs Cloudflare.
        var serving = Serial(first);
        JsonElement failed = default;
        for (var attempt = 0; attempt < 10; attempt++)
        {
            var renew = await host.Client.PostAsync("/api/v1/certificates/renew", null);
            Assert.Equal(System.Net.HttpStatusCode.Accepted, renew.StatusCode);
            var before = serving;
            failed = await host.WaitForCertificateAsync(domain,
                c => c.GetProperty("status").GetString() == "failed" || IsValid(c) && Serial(c) != before, IssueLimit);
            if (failed.GetProperty("status").GetString() == "failed")
                break;
            serving = Serial(failed);
            output.WriteLine($"attempt {attempt + 1}: every authorization reused, renewed without DNS");
        }
        Assert.Equal("failed", failed.GetProperty("status").GetString());
        var error = failed.GetProperty("last_error").GetString()!;
        output.WriteLine("last_error: " + error);
        Assert.Contains("order for " + domain, error, StringComparison.Ordinal);
        Assert.Contains("[10000] Authentication error", error, StringComparison.Ordinal);
        Assert.Equal(1, failed.GetProperty("consecutive_failures").GetInt32());
        Assert.Equal("backing_off", failed.GetProperty("renewal").GetString());
        // RenewalPolicy's first backoff step: one minute after the failure.
        var next = failed.GetProperty("next_attempt_at").GetDateTimeOffset();
        Assert.InRange(next - host.Time.GetUtcNow(), TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(1));
        Assert.Equal(serving, Serial(failed)); // the stored certificate is untouched
        Assert.True(cloudflare.Unauthorized > 0);

        // The old certificate keeps serving.
        Assert.Equal(serving, (await host.HandshakeAsync("anything." + domain)).Leaf.SerialNumber);

        // A new token, and the backoff has passed: the next look renews and clears the error.
        settings.SetSecret(SettingsRepository.CloudflareApiToken, FakeCloudflare.Token);
        host.Time.Advance(next - host.Time.GetUtcNow() + TimeSpan.FromSeconds(1));
        Manager(host).CheckNow();
        var recovered = await host.WaitForCertificateAsync(domain, c => IsValid(c) && Serial(c) != serving, IssueLimit);
        Assert.Equal(0, recovered.GetProperty("consecutive_failures").GetInt32());
        Assert.False(recovered.TryGetProperty("last_error", out _));
        Assert.Equal(Serial(recovered), (await host.HandshakeAsync("anything." + domain)).Leaf.SerialNumber);
    }

    [Fact]
    public async Task Restart_SameDataDir_ServesStoredCertificateWithoutTheCaAndReusesTheAccount()
    {
        await using var cloudflare = await FakeCloudflare.StartAsync();
        using var dir = new TempDir();
        var domain = PebbleEnv.UniqueLabel("restart") + "." + Zone;
        string serial, accountUrl;
        await using (var host = await AcmeApplianceHost.StartAsync(dir.Path, cloudflare))
        {
            serial = Serial(await SetupAndWaitAsync(host, domain));
            accountUrl = Account(host).AccountUrl!;
        }
        var recordsCreated = cloudflare.Created.Count;

        // 1. The CA is unreachable (nothing listens on port 1): the stored certificate is served at once anyway.
        await using (var offline = await AcmeApplianceHost.StartAsync(dir.Path, cloudflare, directoryUrl: "https://127.0.0.1:1/dir"))
        {
            Assert.Equal(serial, (await offline.HandshakeAsync("anything." + domain)).Leaf.SerialNumber);
            await offline.LoginAsync();
            await Task.Delay(1000);
            var cert = (await offline.CertificatesAsync()).GetProperty("certificates")[0];
            Assert.Equal("valid", cert.GetProperty("status").GetString());
            Assert.False(cert.TryGetProperty("last_error", out _));
            Assert.Equal(recordsCreated, cloudflare.Created.Count); // no new order
        }

        // 2. Back on Pebble: a renewal uses the stored account (same URL, no new registration).
        await using (var again = await AcmeApplianceHost.StartAsync(dir.Path, cloudflare))
        {
            Assert.Equal(serial, (await again.HandshakeAsync("anything." + domain)).Leaf.SerialNumber);
            await again.LoginAsync();
            Assert.Equal(System.Net.HttpStatusCode.Accepted, (await again.Client.PostAsync("/api/v1/certificates/renew", null)).StatusCode);
            var renewed = await again.WaitForCertificateAsync(domain, c => IsValid(c) && Serial(c) != serial, IssueLimit);
            Assert.Equal(Serial(renewed), (await again.HandshakeAsync("anything." + domain)).Leaf.SerialNumber);
            Assert.Equal(accountUrl, Account(again).AccountUrl);
        }
    }

    private static CertificateManager Manager(AcmeApplianceHost host) =>
        (CertificateManager)host.Host.Services.GetService(typeof(CertificateManager))!;

    private static AcmeAccountRecord Account(AcmeApplianceHost host) =>
        ((AcmeAccountRepository)host.Host.Services.GetService(typeof(AcmeAccountRepository))!).Find(PebbleEnv.Directory.AbsoluteUri)
        ?? throw new InvalidOperationException("no ACME account stored");
}
