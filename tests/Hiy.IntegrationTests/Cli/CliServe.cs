using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;

namespace Hiy.Tests.Cli;

/// <summary>A real `hiy serve` process on a free port against the test dockerd, set up with a setup code and a password.</summary>
public sealed class CliServe : IAsyncLifetime
{
    public const string Domain = "hiy.test";
    public const string Password = "correct horse battery";
    private const string SetupCode = "CLI-TEST-4242";

    private readonly TempDir _data = new();
    private HiyProcess? _hiy;

    public int Port { get; } = HiyProcess.FreePort();
    public string Url => $"http://127.0.0.1:{Port.ToString(CultureInfo.InvariantCulture)}";
    public string SetupToken { get; private set; } = "";
    public HttpClient Http { get; } = new();

    public async Task InitializeAsync()
    {
        _hiy = HiyProcess.Start(["serve", "--data-dir", _data.Path, "--http-port", Port.ToString(CultureInfo.InvariantCulture), "--https-port", "0",
            "--bind", "127.0.0.1", "--docker-host", TestEnv.DockerHost, "--domain", Domain], new Dictionary<string, string> { ["HIY_SETUP_CODE"] = SetupCode });
        var sw = Stopwatch.StartNew();
        while (true)
        {
            Assert.False(_hiy.HasExited, $"hiy serve exited: {_hiy.StdErr}");
            try
            {
                if ((await Http.GetAsync($"{Url}/health")).IsSuccessStatusCode)
                    break;
            }
            catch (HttpRequestException)
            {
            }
            Assert.True(sw.Elapsed < TimeSpan.FromSeconds(30), $"hiy serve did not answer /health: {_hiy.StdErr}");
            await Task.Delay(50);
        }
        using var setup = await Http.PostAsync($"{Url}/api/v1/setup", new StringContent(
            $$"""{"admin_password":"{{Password}}","domain":"{{Domain}}","setup_code":"{{SetupCode}}"}""", Encoding.UTF8, "application/json"));
        var body = await setup.Content.ReadAsStringAsync();
        Assert.True(setup.StatusCode == HttpStatusCode.OK, body);
        SetupToken = JsonDocument.Parse(body).RootElement.GetProperty("token").GetString()!;
    }

    /// <summary>GET through the appliance's proxy with an app's (or site's) Host header.</summary>
    public async Task<(HttpStatusCode Status, string Body)> GetHostAsync(string name, string path = "/")
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, Url + path);
        request.Headers.Host = $"{name}.{Domain}";
        using var response = await Http.SendAsync(request);
        return (response.StatusCode, (await response.Content.ReadAsStringAsync()).Trim());
    }

    public string StdErr => _hiy?.StdErr ?? "";

    public async Task DisposeAsync()
    {
        if (_hiy is not null)
        {
            _hiy.Signal("TERM");
            if (!_hiy.HasExited)
                await Task.WhenAny(Task.Run(() => _hiy.WaitForExitAsync(TimeSpan.FromSeconds(30))), Task.Delay(TimeSpan.FromSeconds(30)));
            await _hiy.DisposeAsync();
        }
        Http.Dispose();
        _data.Dispose();
    }
}
