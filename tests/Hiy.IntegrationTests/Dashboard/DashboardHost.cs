using Hiy.Tests.Web;
using Hiy.Web.Auth;
using Microsoft.Playwright;

namespace Hiy.Tests.Dashboard;

/// <summary>
/// A real hiy in-process with the operations channel switched on (a request directory that exists), set up with
/// <see cref="Password"/>, and a fresh browser context on it. The test plays the root-side hiy-ops: it sees
/// request files appear and writes the status files hiy reads back.
/// </summary>
public sealed class DashboardHost : IAsyncDisposable
{
    public const string Password = "correct horse battery";

    private DashboardHost(ApiHost host, TempDir dir, IBrowserContext context, IPage page)
    {
        Host = host;
        Dir = dir;
        Context = context;
        Page = page;
    }

    private readonly List<string> _scriptErrors = [];

    public ApiHost Host { get; }
    public TempDir Dir { get; }
    public IBrowserContext Context { get; }
    public IPage Page { get; }
    public string Url => Host.BaseAddress.ToString();
    public string Requests => Path.Combine(Dir.Path, "run-ops");
    public string State => Path.Combine(Host.DataDir, "ops");

    public static async Task<DashboardHost> StartAsync(IBrowser browser, bool setUp = true, string? hardwareRoot = null)
    {
        var dir = new TempDir();
        Directory.CreateDirectory(Path.Combine(dir.Path, "run-ops"));
        var host = await ApiHost.StartAsync(configure: c => c with { OpsDir = Path.Combine(dir.Path, "run-ops"), HardwareRoot = hardwareRoot ?? c.HardwareRoot });
        if (setUp)
            await host.SetupAsync(Password);
        var context = await browser.NewContextAsync(new BrowserNewContextOptions { AcceptDownloads = true });
        context.SetDefaultTimeout(60_000);
        var page = await context.NewPageAsync();
        var d = new DashboardHost(host, dir, context, page);
        page.PageError += (_, error) => { lock (d._scriptErrors) d._scriptErrors.Add(error); };
        return d;
    }

    /// <summary>Opens the dashboard's System page and signs in with the right password; the System page is showing after it.</summary>
    public async Task SignInAsync()
    {
        await Page.GotoAsync(Url + "#/system"); // the home page is Apps; these tests are about System
        await Page.Locator("#password").FillAsync(Password);
        await Page.Locator("#sign-in-form button[type=submit]").ClickAsync();
        await Assertions.Expect(Page.Locator("#view-system")).ToBeVisibleAsync();
    }

    /// <summary>The browser's session cookie value.</summary>
    public async Task<string> SessionCookieAsync()
    {
        var cookies = await Context.CookiesAsync([Url]);
        return Assert.Single(cookies, c => c.Name == DashboardSessions.CookieName).Value;
    }

    /// <summary>Waits (generously: the machine is busy) for hiy to drop a request file for hiy-ops.</summary>
    public async Task<string> WaitForRequestAsync(string request)
    {
        var file = Path.Combine(Requests, request);
        for (var i = 0; i < 600 && !File.Exists(file); i++)
            await Task.Delay(100);
        Assert.True(File.Exists(file), $"no request file '{request}' in {Requests}; found: {string.Join(", ", Directory.GetFiles(Requests).Select(Path.GetFileName))}");
        return file;
    }

    /// <summary>What hiy-ops writes when it has acted (as in SystemApiTests).</summary>
    public void Answer(string request, string state, string message) =>
        File.WriteAllText(Path.Combine(State, "status", request + ".json"),
            $$"""{"request":"{{request}}","state":"{{state}}","message":"{{message}}","at":"{{DateTimeOffset.UtcNow.AddSeconds(1):yyyy-MM-ddTHH:mm:ssZ}}"}""" + "\n");

    /// <summary>Also fails the test when the page threw an uncaught error at any point.</summary>
    public async ValueTask DisposeAsync()
    {
        await Context.DisposeAsync();
        await Host.DisposeAsync();
        Dir.Dispose();
        lock (_scriptErrors)
            Assert.True(_scriptErrors.Count == 0, "the dashboard threw: " + string.Join("\n", _scriptErrors));
    }
}
