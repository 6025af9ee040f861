using Microsoft.Playwright;

namespace Hiy.Tests.Dashboard;

/// <summary>
/// Debian's headless Chromium for <see cref="AppsFlow"/>, like <see cref="ChromiumFixture"/> but resolving every
/// <c>*.dash.test</c> name to 127.0.0.1, so "open the app's URL" goes through hiy's proxy by the app's own host name.
/// </summary>
public sealed class AppsFlowBrowser : IAsyncLifetime
{
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public async Task InitializeAsync()
    {
        if (!File.Exists(ChromiumFixture.ExecutablePath))
            return; // RequireBrowser fails each test with the reason
        Assertions.SetDefaultExpectTimeout(60_000);
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumFixture.ExecutablePath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                $"--host-resolver-rules=MAP *.{AppsFlow.Domain} 127.0.0.1"],
        });
    }

    public IBrowser RequireBrowser()
    {
        Assert.True(File.Exists(ChromiumFixture.ExecutablePath),
            $"{ChromiumFixture.ExecutablePath} is missing: install it with `apt-get install chromium` (scripts/test-deps.sh does)");
        return _browser!;
    }

    public async Task DisposeAsync()
    {
        if (_browser is not null)
            await _browser.DisposeAsync();
        _playwright?.Dispose();
    }
}
