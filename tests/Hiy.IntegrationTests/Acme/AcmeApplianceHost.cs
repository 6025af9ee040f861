using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using Hiy.Config;
using Hiy.Web;

namespace Hiy.Tests.Acme;

/// <summary>
/// A whole in-process appliance wired to the real Pebble: HTTP and HTTPS on ephemeral 127.0.0.1 ports,
/// acme_directory_url = Pebble, acme_ca_bundle = Pebble's TLS CA, cloudflare_api_base = a <see cref="FakeCloudflare"/>,
/// acme_dns_servers = challtestsrv. The clock is a <see cref="ManualTimeProvider"/> starting at real now,
/// so a test can move it past a certificate's renewal point.
/// </summary>
internal sealed class AcmeApplianceHost : IAsyncDisposable
{
    public const string Password = "correct horse battery";
    public const string SetupCode = "TEST-CODE-2345-6789";

    private AcmeApplianceHost(ApplianceHost host, string dataDir, ManualTimeProvider time)
    {
        Host = host;
        DataDir = dataDir;
        Time = time;
        var addresses = host.Addresses;
        HttpBase = new Uri(addresses.Single(a => a.StartsWith("http://", StringComparison.Ordinal)));
        HttpsPort = new Uri(addresses.Single(a => a.StartsWith("https://", StringComparison.Ordinal))).Port;
        Client = new HttpClient { BaseAddress = HttpBase };
    }

    public ApplianceHost Host { get; }
    public string DataDir { get; }
    public ManualTimeProvider Time { get; }
    public Uri HttpBase { get; }
    public int HttpsPort { get; }
    public HttpClient Client { get; }

    /// <param name="httpPort">0 for an ephemeral port; <see cref="PebbleEnv.Http01Port"/> when Pebble must reach the
    /// appliance's own http-01 answers (custom domains).</param>
    public static async Task<AcmeApplianceHost> StartAsync(string dataDir, FakeCloudflare cloudflare, ManualTimeProvider? time = null,
        string? directoryUrl = null, int httpPort = 0)
    {
        time ??= new ManualTimeProvider(DateTimeOffset.UtcNow);
        var host = ApplianceHost.Build(new HiyConfig
        {
            DataDir = dataDir,
            HttpPort = httpPort,
            HttpsPort = FreePort(), // 0 means "HTTPS off" in hiy's config, so pick a free ephemeral port
            Bind = "127.0.0.1",
            DockerHost = "unix:///nonexistent/docker.sock",
            AcmeDirectoryUrl = directoryUrl ?? PebbleEnv.Directory.AbsoluteUri,
            AcmeCaBundle = PebbleEnv.TlsCaPath,
            AcmeDnsServers = [TestEnv.Require("HIY_TEST_PEBBLE_DNS", "pebble-challtestsrv's DNS server")],
            CloudflareApiBase = cloudflare.ApiBase.AbsoluteUri,
            LogLevel = "warning",
            SetupCode = SetupCode,
        }, time);
        await host.StartAsync();
        return new AcmeApplianceHost(host, dataDir, time);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Completes the wizard with ACME settings and uses the returned token from then on.</summary>
    public async Task SetupAsync(string domain, string token = FakeCloudflare.Token)
    {
        var body = $$"""
            {"admin_password":"{{Password}}","domain":"{{domain}}","acme_email":"admin@hiy.test",
             "cloudflare_api_token":"{{token}}","cloudflare_zone_id":"{{FakeCloudflare.ZoneId}}","setup_code":"{{SetupCode}}"}
            """;
        var response = await Client.PostAsync("/api/v1/setup", new StringContent(body, Encoding.UTF8, "application/json"));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, text);
        UseToken(JsonDocument.Parse(text).RootElement.GetProperty("token").GetString()!);
    }

    /// <summary>Completes the wizard with an ACME e-mail but no Cloudflare: no wildcard, custom domains over http-01 only.</summary>
    public async Task SetupHttp01OnlyAsync(string domain)
    {
        var body = $$"""{"admin_password":"{{Password}}","domain":"{{domain}}","acme_email":"admin@hiy.test","setup_code":"{{SetupCode}}"}""";
        var response = await Client.PostAsync("/api/v1/setup", new StringContent(body, Encoding.UTF8, "application/json"));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, text);
        UseToken(JsonDocument.Parse(text).RootElement.GetProperty("token").GetString()!);
    }

    /// <summary>Logs in again (after a restart, or once the clock moved past the token's life).</summary>
    public async Task LoginAsync()
    {
        var response = await Client.PostAsync("/api/v1/auth/token",
            new StringContent($$"""{"password":"{{Password}}"}""", Encoding.UTF8, "application/json"));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, text);
        UseToken(JsonDocument.Parse(text).RootElement.GetProperty("token").GetString()!);
    }

    private void UseToken(string token) =>
        Client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);

    /// <summary>The <c>certificates</c> array of GET /api/v1/certificates.</summary>
    public async Task<JsonElement> CertificatesAsync()
    {
        var response = await Client.GetAsync("/api/v1/certificates");
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, text);
        return JsonDocument.Parse(text).RootElement;
    }

    /// <summary>Polls GET /api/v1/certificates until <paramref name="done"/> holds for the domain's entry; fails after <paramref name="limit"/>.</summary>
    public async Task<JsonElement> WaitForCertificateAsync(string domain, Func<JsonElement, bool> done, TimeSpan limit)
    {
        var deadline = DateTime.UtcNow + limit;
        JsonElement? last = null;
        while (DateTime.UtcNow < deadline)
        {
            var list = await CertificatesAsync();
            foreach (var c in list.GetProperty("certificates").EnumerateArray())
                if (c.GetProperty("name").GetString() == domain)
                {
                    last = c;
                    if (done(c))
                        return c;
                }
            await Task.Delay(100);
        }
        Assert.Fail($"certificate for {domain} not as expected after {limit.TotalSeconds} s; last: {last?.ToString() ?? "(none)"}");
        return default;
    }

    /// <summary>A TLS handshake to 127.0.0.1:https_port with SNI <paramref name="serverName"/>: the leaf and the chain the server sent.</summary>
    public async Task<(X509Certificate2 Leaf, X509Certificate2Collection Sent)> HandshakeAsync(string serverName)
    {
        X509Certificate2? leaf = null;
        var sent = new X509Certificate2Collection();
        using var tcp = new TcpClient();
        await tcp.ConnectAsync("127.0.0.1", HttpsPort);
        await using var ssl = new SslStream(tcp.GetStream(), false, (_, certificate, chain, _) =>
        {
            leaf = X509CertificateLoader.LoadCertificate(certificate!.GetRawCertData());
            if (chain is not null)
                foreach (var extra in chain.ChainPolicy.ExtraStore)
                    sent.Add(X509CertificateLoader.LoadCertificate(extra.RawData));
            return true; // judged by the test against Pebble's root
        });
        await ssl.AuthenticateAsClientAsync(new SslClientAuthenticationOptions { TargetHost = serverName });
        return (leaf!, sent);
    }

    /// <summary>True when <paramref name="leaf"/> chains to <paramref name="root"/> with only what the server sent as intermediates.</summary>
    public static bool ChainsTo(X509Certificate2 leaf, X509Certificate2Collection sent, X509Certificate2 root)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(root);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.ExtraStore.AddRange(sent);
        return chain.Build(leaf);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Host.StopAsync();
        await Host.DisposeAsync();
    }
}
