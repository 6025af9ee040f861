using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using Hiy.Acme;
using Xunit.Abstractions;

namespace Hiy.Tests.Acme;

/// <summary>
/// Custom domains end to end against the real Pebble: the appliance's own HTTP listener sits on the port
/// Pebble validates http-01 against, challtestsrv answers the domains' A records with 127.0.0.1, and no
/// Cloudflare is configured (so the wildcard is off and only http-01 is in play). Issued, served by SNI,
/// renewed with a new serial; a failed renewal records its error while the old certificate keeps serving.
/// </summary>
[Collection(Http01PortCollection.Name)]
public sealed class CustomDomainPebbleTests(ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly TimeSpan IssueLimit = TimeSpan.FromSeconds(60);
    private readonly HttpClient _challtestsrv = new();
    private readonly List<string> _aRecords = [];

    private static string Serial(JsonElement d) => d.GetProperty("serial_number").GetString()!;

    private static bool IsIssued(JsonElement d) => d.GetProperty("status").GetString() == "issued";

    /// <summary>Points <paramref name="host"/> at <paramref name="address"/> in challtestsrv's DNS (what Pebble's VA resolves).</summary>
    private async Task SetARecordAsync(string host, string address)
    {
        (await _challtestsrv.PostAsJsonAsync(new Uri(PebbleEnv.Challtestsrv, "/clear-a"), new Dictionary<string, string> { ["host"] = host + "." }))
            .EnsureSuccessStatusCode();
        (await _challtestsrv.PostAsJsonAsync(new Uri(PebbleEnv.Challtestsrv, "/add-a"), new Dictionary<string, object>
        {
            ["host"] = host + ".",
            ["addresses"] = new[] { address },
        })).EnsureSuccessStatusCode();
        _aRecords.Add(host);
    }

    private static async Task<(AcmeApplianceHost Host, FakeCloudflare Cloudflare, TempDir Dir)> StartAsync(string app)
    {
        var cloudflare = await FakeCloudflare.StartAsync();
        var dir = new TempDir();
        var host = await AcmeApplianceHost.StartAsync(dir.Path, cloudflare, httpPort: PebbleEnv.Http01Port);
        await host.SetupHttp01OnlyAsync(PebbleEnv.UniqueLabel("appliance") + ".hiy.test");
        var created = await host.Client.PostAsync("/api/v1/apps", new StringContent($$"""{"name":"{{app}}"}""", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        return (host, cloudflare, dir);
    }

    private static async Task<JsonElement> DomainAsync(AcmeApplianceHost host, string app, string domain)
    {
        var response = await host.Client.GetAsync($"/api/v1/apps/{app}/domains/{domain}");
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, text);
        return JsonDocument.Parse(text).RootElement;
    }

    private static async Task<JsonElement> WaitForDomainAsync(AcmeApplianceHost host, string app, string domain, Func<JsonElement, bool> done)
    {
        var deadline = DateTime.UtcNow + IssueLimit;
        JsonElement last = default;
        while (DateTime.UtcNow < deadline)
        {
            last = await DomainAsync(host, app, domain);
            if (done(last))
                return last;
            await Task.Delay(100);
        }
        Assert.Fail($"domain {domain} not as expected after {IssueLimit.TotalSeconds} s; last: {last}");
        return default;
    }

    private async Task<JsonElement> AddAndWaitAsync(AcmeApplianceHost host, string app, string domain)
    {
        var started = Stopwatch.StartNew();
        var added = await host.Client.PostAsync($"/api/v1/apps/{app}/domains",
            new StringContent($$"""{"domain":"{{domain}}"}""", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Created, added.StatusCode);
        var issued = await WaitForDomainAsync(host, app, domain, IsIssued);
        output.WriteLine($"issued {domain} over http-01 in {started.Elapsed.TotalSeconds:0.00} s (POST to status issued)");
        return issued;
    }

    private static CertificateManager Manager(AcmeApplianceHost host) =>
        (CertificateManager)host.Host.Services.GetService(typeof(CertificateManager))!;

    [Fact]
    public async Task CustomDomain_IssuedOverHttp01_ServedBySniAndRenewedWithNewSerial()
    {
        const string app = "blog";
        var domain = "www." + PebbleEnv.UniqueLabel("custom") + ".example";
        await SetARecordAsync(domain, "127.0.0.1");
        var (host, cloudflare, dir) = await StartAsync(app);
        await using var _ = cloudflare;
        using var __ = dir;
        await using var ___ = host;

        var first = await AddAndWaitAsync(host, app, domain);
        Assert.False(first.TryGetProperty("error", out var _e), "error set on an issued domain");
        var notAfter = first.GetProperty("not_after").GetDateTimeOffset();
        Assert.True(notAfter > host.Time.GetUtcNow());
        Assert.Empty(cloudflare.Created); // http-01 only: no DNS record anywhere

        // SNI: the exact name gets its own certificate, whose only SAN is the domain, chained to Pebble's root.
        var (leaf, sent) = await host.HandshakeAsync(domain);
        using var root = await PebbleEnv.IssuingRootAsync();
        Assert.Equal(Serial(first), leaf.SerialNumber);
        Assert.Equal([domain], leaf.Extensions.OfType<X509SubjectAlternativeNameExtension>().Single().EnumerateDnsNames());
        Assert.True(AcmeApplianceHost.ChainsTo(leaf, sent, root), "the served chain does not verify against Pebble's root");
        Assert.NotEqual(Serial(first), (await host.HandshakeAsync("other." + domain)).Leaf.SerialNumber); // no wildcard for it

        // The route: plain HTTP for the domain now redirects to HTTPS (a real certificate covers it).
        using (var redirectClient = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = host.HttpBase })
        using (var request = new HttpRequestMessage(HttpMethod.Get, "/"))
        {
            request.Headers.Host = domain;
            using var redirect = await redirectClient.SendAsync(request);
            Assert.Equal(HttpStatusCode.PermanentRedirect, redirect.StatusCode);
            Assert.Equal($"https://{domain}:{host.HttpsPort}/", redirect.Headers.Location?.OriginalString);
        }

        // Renewal: the appliance's clock just past the renewal point (a third of the lifetime left).
        var renewAt = first.GetProperty("next_attempt_at").GetDateTimeOffset();
        var notBefore = new DateTimeOffset(leaf.NotBefore.ToUniversalTime(), TimeSpan.Zero);
        Assert.InRange((RenewalPolicy.RenewAt(notBefore, notAfter) - renewAt).Duration(), TimeSpan.Zero, TimeSpan.FromSeconds(1));
        host.Time.Advance(renewAt - host.Time.GetUtcNow() + TimeSpan.FromSeconds(1));
        await host.LoginAsync();
        var started = Stopwatch.StartNew();
        Manager(host).CheckNow();
        var second = await WaitForDomainAsync(host, app, domain, d => IsIssued(d) && Serial(d) != Serial(first));
        output.WriteLine($"renewed {domain} in {started.Elapsed.TotalSeconds:0.00} s");
        Assert.True(second.GetProperty("not_after").GetDateTimeOffset() >= notAfter);
        Assert.Equal(Serial(second), (await host.HandshakeAsync(domain)).Leaf.SerialNumber);

        // Removing the domain stops serving its certificate at once.
        Assert.Equal(HttpStatusCode.NoContent, (await host.Client.DeleteAsync($"/api/v1/apps/{app}/domains/{domain}")).StatusCode);
        Assert.NotEqual(Serial(second), (await host.HandshakeAsync(domain)).Leaf.SerialNumber);
    }

    [Fact]
    public async Task CustomDomain_RenewalFails_RecordsErrorAndOldCertificateKeepsServing()
    {
        const string app = "shop";
        var domain = "shop." + PebbleEnv.UniqueLabel("moved") + ".example";
        await SetARecordAsync(domain, "127.0.0.1");
        var (host, cloudflare, dir) = await StartAsync(app);
        await using var _ = cloudflare;
        using var __ = dir;
        await using var ___ = host;
        var first = await AddAndWaitAsync(host, app, domain);

        // The domain's DNS moves away from the appliance: Pebble's VA now connects to 127.0.0.2, where
        // nothing listens (hiy binds 127.0.0.1 only), so http-01 fails.
        await SetARecordAsync(domain, "127.0.0.2");
        host.Time.Advance(first.GetProperty("next_attempt_at").GetDateTimeOffset() - host.Time.GetUtcNow() + TimeSpan.FromSeconds(1));
        await host.LoginAsync();

        // Pebble reuses a valid authorization at random (RFC 8555 §7.1.4); such an order needs no validation
        // and succeeds. Ask again (the per-domain renew skips the backoff) until one is validated and fails.
        var serving = Serial(first);
        JsonElement failed = default;
        for (var attempt = 0; attempt < 10; attempt++)
        {
            var renew = await host.Client.PostAsync($"/api/v1/apps/{app}/domains/{domain}/renew", null);
            Assert.Equal(HttpStatusCode.Accepted, renew.StatusCode);
            var before = serving;
            failed = await WaitForDomainAsync(host, app, domain,
                d => d.GetProperty("status").GetString() == "failed" || IsIssued(d) && Serial(d) != before);
            if (failed.GetProperty("status").GetString() == "failed")
                break;
            serving = Serial(failed);
            output.WriteLine($"attempt {attempt + 1}: the authorization was reused, renewed without validation");
        }
        Assert.Equal("failed", failed.GetProperty("status").GetString());
        var error = failed.GetProperty("error").GetString()!;
        output.WriteLine("error: " + error);
        Assert.Contains("order for " + domain, error, StringComparison.Ordinal);
        Assert.Contains("http-01", error, StringComparison.Ordinal);
        Assert.Equal(serving, Serial(failed)); // the stored certificate is untouched…
        Assert.True(failed.TryGetProperty("not_after", out var na) && na.GetDateTimeOffset() > host.Time.GetUtcNow());
        // …and still served.
        Assert.Equal(serving, (await host.HandshakeAsync(domain)).Leaf.SerialNumber);
        var next = failed.GetProperty("next_attempt_at").GetDateTimeOffset();
        Assert.InRange(next - host.Time.GetUtcNow(), TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(1)); // the first backoff step

        // DNS back on the appliance and the backoff passed: the next look renews and clears the error.
        await SetARecordAsync(domain, "127.0.0.1");
        host.Time.Advance(next - host.Time.GetUtcNow() + TimeSpan.FromSeconds(1));
        Manager(host).CheckNow();
        var recovered = await WaitForDomainAsync(host, app, domain, d => IsIssued(d) && Serial(d) != serving);
        Assert.False(recovered.TryGetProperty("error", out var _r));
        Assert.Equal(Serial(recovered), (await host.HandshakeAsync(domain)).Leaf.SerialNumber);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var host in _aRecords.Distinct())
            await _challtestsrv.PostAsJsonAsync(new Uri(PebbleEnv.Challtestsrv, "/clear-a"), new Dictionary<string, string> { ["host"] = host + "." });
        _challtestsrv.Dispose();
    }
}
