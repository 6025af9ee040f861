using System.Globalization;
using System.Net;
using System.Text.Json;
using Microsoft.Playwright;

namespace Hiy.Tests.Dashboard;

/// <summary>A browser width the flow runs at: a desktop, and a 390 px phone (touch, mobile viewport).</summary>
public enum Viewport
{
    Desktop,
    Phone,
}

/// <summary>
/// The real `hiy serve` as a process (the native AOT binary under scripts/test.sh; see <see cref="HiyProcess"/>) on a
/// free port with a scratch data dir and the shared test dockerd, set up through the wizard's API with a setup code,
/// and one Chromium context at the chosen viewport. Any uncaught page error fails the test at dispose.
/// </summary>
public sealed class ServedDashboard : IAsyncDisposable
{
    public const string Password = "correct horse battery";
    public const string Domain = "hiy.test";
    public const string SetupCode = "DASH-OPS-2345-6789";

    private readonly List<string> _pageErrors = [];

    private ServedDashboard(HiyProcess hiy, TempDir dir, int port, Viewport viewport, IBrowserContext context, IPage page, string token)
    {
        Hiy = hiy;
        Dir = dir;
        Port = port;
        Viewport = viewport;
        Context = context;
        Page = page;
        Token = token;
        Http = new HttpClient(new SocketsHttpHandler { UseCookies = false }) { BaseAddress = new Uri(Url) };
    }

    public HiyProcess Hiy { get; }
    public TempDir Dir { get; }
    public int Port { get; }
    public Viewport Viewport { get; }
    public IBrowserContext Context { get; }
    public IPage Page { get; }
    /// <summary>The token setup returned (for checks from the test side; the browser never sees it).</summary>
    public string Token { get; }
    /// <summary>A cookie-less client on the appliance; requests carry no credentials unless a test adds them.</summary>
    public HttpClient Http { get; }
    public string Url => $"http://127.0.0.1:{Port.ToString(CultureInfo.InvariantCulture)}/";

    public static async Task<ServedDashboard> StartAsync(IBrowser browser, Viewport viewport, string extraSetup = "")
    {
        var dir = new TempDir();
        var port = HiyProcess.FreePort();
        var config = Path.Combine(dir.Path, "hiy.toml");
        // Nothing leaves the machine: ACME and Cloudflare point at a closed local port (the discard port).
        await File.WriteAllTextAsync(config, $"""
            setup_code = "{SetupCode}"
            acme_directory_url = "http://127.0.0.1:9/directory"
            cloudflare_api_base = "http://127.0.0.1:9/client/v4"

            """);
        var hiy = HiyProcess.Start(
            ["serve", "--config", config, "--data-dir", Path.Combine(dir.Path, "data"), "--http-port", port.ToString(CultureInfo.InvariantCulture),
                "--https-port", "0", "--bind", "127.0.0.1", "--docker-host", TestEnv.DockerHost, "--domain", Domain],
            new Dictionary<string, string> { ["HIY_SETUP_CODE"] = SetupCode });
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}/") };
            await WaitHealthyAsync(hiy, http);
            var setup = await http.PostAsync("/api/v1/setup", new StringContent(
                $$"""{"admin_password":"{{Password}}","domain":"{{Domain}}","setup_code":"{{SetupCode}}"{{extraSetup}}}""",
                System.Text.Encoding.UTF8, "application/json"));
            var body = await setup.Content.ReadAsStringAsync();
            Assert.True(setup.IsSuccessStatusCode, $"setup: {(int)setup.StatusCode} {body}\n{hiy.StdErr}");
            var token = JsonDocument.Parse(body).RootElement.GetProperty("token").GetString()!;

            var context = await browser.NewContextAsync(viewport == Viewport.Phone
                ? new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 390, Height = 844 }, IsMobile = true, HasTouch = true, DeviceScaleFactor = 2 }
                : new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 900 } });
            context.SetDefaultTimeout(60_000);
            var page = await context.NewPageAsync();
            var d = new ServedDashboard(hiy, dir, port, viewport, context, page, token);
            page.PageError += (_, error) => { lock (d._pageErrors) d._pageErrors.Add(error); };
            page.Console += (_, message) =>
            {
                // A CSP refusal is a console error, not a page error: it is a bug all the same.
                if (message.Type == "error" && message.Text.Contains("Content Security Policy", StringComparison.Ordinal))
                    lock (d._pageErrors) d._pageErrors.Add(message.Text);
            };
            return d;
        }
        catch
        {
            await hiy.DisposeAsync();
            dir.Dispose();
            throw;
        }
    }

    private static async Task WaitHealthyAsync(HiyProcess hiy, HttpClient http)
    {
        for (var i = 0; i < 1200; i++)
        {
            Assert.False(hiy.HasExited, $"hiy exited early: {hiy.StdErr}");
            try
            {
                if ((await http.GetAsync("/health")).StatusCode == HttpStatusCode.OK)
                    return;
            }
            catch (HttpRequestException)
            {
            }
            await Task.Delay(100);
        }
        Assert.Fail($"hiy did not answer /health within 120 s: {hiy.StdErr}");
    }

    /// <summary>A request with another Host header (an app's or a site's), as the proxy sees it.</summary>
    public async Task<(HttpStatusCode Status, string Body)> GetOnHostAsync(string host, string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Host = host;
        using var response = await Http.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    /// <summary>Fails the test with every uncaught page error (and CSP refusal) the run collected.</summary>
    public void AssertNoPageErrors()
    {
        lock (_pageErrors)
            Assert.True(_pageErrors.Count == 0, "the dashboard threw: " + string.Join("\n", _pageErrors));
    }

    public async ValueTask DisposeAsync()
    {
        await Context.DisposeAsync();
        Http.Dispose();
        await Hiy.DisposeAsync();
        Dir.Dispose();
        AssertNoPageErrors();
    }
}
