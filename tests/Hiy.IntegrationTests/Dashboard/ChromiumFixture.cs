using Microsoft.Playwright;

namespace Hiy.Tests.Dashboard;

/// <summary>
/// One headless Debian Chromium for the dashboard tests, driven by Playwright's bundled driver. No browser is
/// ever downloaded: a machine without /usr/bin/chromium fails these tests (never skips) and says what to install.
/// </summary>
public sealed class ChromiumFixture : IAsyncLifetime
{
    public const string ExecutablePath = "/usr/bin/chromium";

    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public IBrowser Browser => _browser ?? throw new InvalidOperationException("Chromium was not started");

    public async Task InitializeAsync()
    {
        if (!File.Exists(ExecutablePath))
            return; // reported by each test through RequireBrowser, so every one of them fails with the reason
        // Expectations wait for the page (it refreshes every few seconds) on a machine busy with image builds.
        Assertions.SetDefaultExpectTimeout(60_000);
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ExecutablePath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
    }

    /// <summary>Fails the calling test when Debian's Chromium is missing.</summary>
    public IBrowser RequireBrowser()
    {
        Assert.True(File.Exists(ExecutablePath),
            $"{ExecutablePath} is missing: the dashboard's browser tests drive Debian's Chromium; install it with `apt-get install chromium` (scripts/test-deps.sh does)");
        return Browser;
    }

    public async Task DisposeAsync()
    {
        if (_browser is not null)
            await _browser.DisposeAsync();
        _playwright?.Dispose();
    }
}
