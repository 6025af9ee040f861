using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Hiy.Config;
using Hiy.Web;

namespace Hiy.Tests.Web;

/// <summary>A real hiy (Kestrel, SQLite) on 127.0.0.1 with an ephemeral port and a scratch data dir.</summary>
public sealed class ApiHost : IAsyncDisposable
{
    private readonly TempDir? _ownedDir;

    private ApiHost(ApplianceHost host, TempDir? ownedDir, string dataDir)
    {
        Host = host;
        _ownedDir = ownedDir;
        DataDir = dataDir;
        Client = new HttpClient { BaseAddress = new Uri(host.Addresses.First(a => a.StartsWith("http://", StringComparison.Ordinal))) };
    }

    public ApplianceHost Host { get; }
    public HttpClient Client { get; }
    public string DataDir { get; }

    /// <summary>The setup code every test host is given unless the test names its own (setup always needs one).</summary>
    public const string DefaultSetupCode = "TEST-CODE-2345-6789";

    /// <summary>The code this host's wizard asks for: the configured one, or the one it generated.</summary>
    public string SetupCode => ((Hiy.Web.Auth.SetupCode)Host.Services.GetService(typeof(Hiy.Web.Auth.SetupCode))!).Value;

    public static async Task<ApiHost> StartAsync(string? dataDir = null, string? setupCode = null, string docker = "unix:///nonexistent/docker.sock",
        Func<HiyConfig, HiyConfig>? configure = null, TimeProvider? time = null, Action<Microsoft.Extensions.Logging.ILoggingBuilder>? logging = null)
    {
        var owned = dataDir is null ? new TempDir() : null;
        var dir = dataDir ?? owned!.Path;
        var config = new HiyConfig
        {
            DataDir = dir, HttpPort = 0, HttpsPort = 0, Bind = "127.0.0.1", DockerHost = docker, SetupCode = setupCode ?? DefaultSetupCode,
            LogLevel = "warning",
        };
        var host = ApplianceHost.Build(configure is null ? config : configure(config), time, logging);
        await host.StartAsync();
        return new ApiHost(host, owned, dir);
    }

    public static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    /// <summary>Completes the wizard and returns the API token.</summary>
    public async Task<string> SetupAsync(string password = "correct horse battery", string extra = "", string domain = "example.com")
    {
        if (!extra.Contains("\"setup_code\"", StringComparison.Ordinal))
            extra += $$""","setup_code":"{{SetupCode}}" """;
        var response = await Client.PostAsync("/api/v1/setup", Json($$"""{"admin_password":"{{password}}","domain":"{{domain}}"{{extra}}}"""));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, body);
        var token = JsonDocument.Parse(body).RootElement.GetProperty("token").GetString()!;
        Client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        return token;
    }

    /// <summary>Fires <paramref name="n"/> POSTs of <paramref name="json"/> at once and counts the statuses.</summary>
    public async Task<Dictionary<int, int>> ParallelPostAsync(int n, string path, string json)
    {
        using var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromMinutes(3) };
        using var start = new SemaphoreSlim(0);
        var tasks = Enumerable.Range(0, n).Select(async _ =>
        {
            await start.WaitAsync();
            using var r = await client.PostAsync(path, Json(json));
            return (int)r.StatusCode;
        }).ToArray();
        start.Release(n);
        return (await Task.WhenAll(tasks)).GroupBy(s => s).ToDictionary(g => g.Key, g => g.Count());
    }

    /// <summary>The base URL of the HTTP listener (for requests with another Host header).</summary>
    public Uri BaseAddress => Client.BaseAddress!;

    public static async Task<JsonElement> ProblemAsync(HttpResponseMessage response, int status)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode == status, $"expected {status}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var doc = JsonDocument.Parse(body).RootElement;
        Assert.Equal(status, doc.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrEmpty(doc.GetProperty("title").GetString()));
        return doc;
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Host.StopAsync();
        await Host.DisposeAsync();
        _ownedDir?.Dispose();
    }
}
