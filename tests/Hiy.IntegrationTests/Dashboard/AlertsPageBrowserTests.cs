using System.Text.Json;
using Hiy.Tests.Ops.Alerts;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Hiy.Tests.Dashboard;

/// <summary>
/// The Alerts page in Chromium against the real binary: a webhook saved through the form (write-only: the page shows
/// its host, never the URL), a test message that reaches a local receiver, and no CSP refusal or page error.
/// </summary>
public class AlertsPageBrowserTests(ChromiumFixture chromium) : IClassFixture<ChromiumFixture>
{
    [Fact]
    public async Task AlertsPage_SaveWebhookAndTest_ReceiverGetsOneMessageAndUrlNeverShown()
    {
        await using var receiver = await HttpReceiver.StartAsync();
        var hook = new Uri(receiver.Url, "/hook/secret-path-7f3a").AbsoluteUri;
        await using var d = await ServedDashboard.StartAsync(chromium.RequireBrowser(), Viewport.Desktop);
        var page = d.Page;
        await OpsSteps.SignInAsync(page, d.Url, ServedDashboard.Password);
        await OpsSteps.GoToAsync(page, "alerts", "view-alerts");
        await Expect(page.Locator("#alert-webhook-state")).ToHaveTextAsync("Webhook: not configured");
        await Expect(page.Locator("#alert-open")).ToHaveTextAsync("Nothing is wrong right now.");

        await page.Locator("#alert-webhook-url").FillAsync(hook);
        await page.Locator("#alert-form button[type=submit]").ClickAsync();
        await Expect(page.Locator("#alert-result")).ToHaveTextAsync("Saved.");
        await Expect(page.Locator("#alert-webhook-state")).ToHaveTextAsync("Webhook: configured (127.0.0.1)");
        await Expect(page.Locator("#alert-webhook-url")).ToHaveValueAsync("");

        await page.Locator("#alert-test").ClickAsync();
        await Expect(page.Locator("#alert-test-results li")).ToHaveTextAsync("webhook: sent");
        var sent = Assert.Single(receiver.Requests);
        Assert.Equal("/hook/secret-path-7f3a", sent.Path);
        Assert.Equal("hiy: test alert", JsonDocument.Parse(sent.Body).RootElement.GetProperty("title").GetString());

        // A bad e-mail setting is shown at its field.
        await page.Locator("#alert-email-host").FillAsync("mail.example.com");
        await page.Locator("#alert-form button[type=submit]").ClickAsync();
        await Expect(page.Locator("[data-error-for=alert-email-from]")).Not.ToBeEmptyAsync();

        await page.ReloadAsync();
        await Expect(page.Locator("#view-alerts")).ToBeVisibleAsync();
        await Expect(page.Locator("#alert-webhook-state")).ToHaveTextAsync("Webhook: configured (127.0.0.1)");
        Assert.DoesNotContain("secret-path-7f3a", await page.ContentAsync());
        d.AssertNoPageErrors();
    }
}
