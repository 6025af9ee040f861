using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography.X509Certificates;
using Hiy.Acme;
using Hiy.Acme.Dns;

namespace Hiy.Tests.Acme;

/// <summary>
/// The Pebble and pebble-challtestsrv started by <c>scripts/test-deps.sh up</c> (stage 4), and the small
/// things every ACME test needs from them: a trusted handler, Pebble's issuing root, challtestsrv's TXT API.
/// </summary>
internal static class PebbleEnv
{
    public static Uri Directory => new(TestEnv.Require("HIY_TEST_PEBBLE_DIRECTORY", "Pebble's ACME directory"));

    /// <summary>PEM of the CA that signed Pebble's own HTTPS certificate (not its issuing root).</summary>
    public static string TlsCaPath => TestEnv.Require("HIY_TEST_PEBBLE_CA", "Pebble's TLS CA");

    public static Uri Management => new(TestEnv.Require("HIY_TEST_PEBBLE_MANAGEMENT", "Pebble's management API"));

    public static Uri Challtestsrv => new(TestEnv.Require("HIY_TEST_CHALLTESTSRV", "pebble-challtestsrv's management API"));

    public static IPEndPoint Dns => DnsTxtClient.ParseServer(TestEnv.Require("HIY_TEST_PEBBLE_DNS", "pebble-challtestsrv's DNS server"));

    /// <summary>The port Pebble's VA connects to for http-01 (its config's httpPort).</summary>
    public static int Http01Port => int.Parse(TestEnv.Require("HIY_TEST_PEBBLE_HTTP01_PORT", "Pebble's http-01 port"),
        System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Short polls: Pebble runs with PEBBLE_VA_NOSLEEP=1, so validation is immediate.</summary>
    public static readonly AcmeClientOptions FastOptions = new()
    {
        PollInterval = TimeSpan.FromMilliseconds(100),
        PollTimeout = TimeSpan.FromSeconds(30),
        // Pebble rejects a share of nonces on purpose (PEBBLE_WFE_NONCEREJECT); leave room for unlucky runs.
        MaxBadNonceRetries = 10,
    };

    public static AcmeClient CreateClient(AcmeAccountKey key, AcmeClientOptions? options = null, HttpMessageHandler? handler = null) =>
        new(Directory, key, handler ?? AcmeHttpHandler.Create(TlsCaPath), TimeProvider.System, options ?? FastOptions);

    /// <summary>Pebble's issuing root, fresh at every Pebble start (management API /roots/0).</summary>
    public static async Task<X509Certificate2> IssuingRootAsync()
    {
        using var http = new HttpClient(AcmeHttpHandler.Create(TlsCaPath));
        var pem = await http.GetStringAsync(new Uri(Management, "/roots/0"));
        return X509Certificate2.CreateFromPem(pem);
    }

    /// <summary>A random label so Pebble's authorization reuse never hands a test someone else's valid authorization.</summary>
    public static string UniqueLabel(string prefix) => prefix + "-" + Guid.NewGuid().ToString("N")[..10];

    public static async Task SetTxtAsync(HttpClient http, string name, string value) =>
        (await http.PostAsJsonAsync(new Uri(Challtestsrv, "/set-txt"), new Dictionary<string, string>
        {
            ["host"] = name.TrimEnd('.') + ".",
            ["value"] = value,
        })).EnsureSuccessStatusCode();

    public static async Task ClearTxtAsync(HttpClient http, string name) =>
        (await http.PostAsJsonAsync(new Uri(Challtestsrv, "/clear-txt"), new Dictionary<string, string>
        {
            ["host"] = name.TrimEnd('.') + ".",
        })).EnsureSuccessStatusCode();
}
