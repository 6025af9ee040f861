using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Hiy.Tests.Dashboard;

/// <summary>
/// The Sites, System, Settings and sign-out steps of the dashboard flow, each a method on a signed-in page, so a
/// longer flow (the Apps pages' steps before or after them) can chain them on one browser and one hiy. Each step
/// waits for what the user would see, and for the API to agree where the page only says so.
/// </summary>
public static class OpsSteps
{
    /// <summary>Opens the dashboard and signs in; lands on the home page (the nav is showing).</summary>
    public static async Task SignInAsync(IPage page, string url, string password)
    {
        await page.GotoAsync(url);
        await Expect(page.Locator("#view-sign-in")).ToBeVisibleAsync();
        await page.Locator("#password").FillAsync(password);
        await page.Locator("#sign-in-form button[type=submit]").ClickAsync();
        await Expect(page.Locator("#nav")).ToBeVisibleAsync();
        await Expect(page.Locator("#view-sign-in")).ToBeHiddenAsync();
    }

    /// <summary>Follows a nav link as a user would (on a phone the nav wraps below the brand, still one tap away).</summary>
    public static async Task GoToAsync(IPage page, string nav, string view)
    {
        var link = page.Locator($"#nav a[data-nav='{nav}']");
        await Expect(link).ToBeVisibleAsync();
        await link.ClickAsync();
        await Expect(page.Locator($"#{view}")).ToBeVisibleAsync();
        await Expect(link).ToHaveAttributeAsync("aria-current", "page");
    }

    /// <summary>Uploads <paramref name="folder"/> (a directory on disk) as a new version through the folder picker.</summary>
    public static async Task UploadSiteVersionAsync(IPage page, string site, string version, string folder)
    {
        await GoToAsync(page, "sites", "view-sites");
        await page.Locator("#site-upload-name").FillAsync(site);
        await page.Locator("#site-upload-version").FillAsync(version);
        await page.Locator("#site-upload-folder").SetInputFilesAsync(folder);
        await page.Locator("#site-upload-form button[type=submit]").ClickAsync();
        await Expect(page.Locator("#site-upload-result")).ToContainTextAsync($"Uploaded {site} {version}: ");
        await Expect(page.Locator("#site-upload-error")).ToBeHiddenAsync();
        await Expect(VersionRow(page, site, version)).ToBeVisibleAsync();
    }

    public static ILocator VersionRow(IPage page, string site, string version) =>
        page.Locator($"#sites-list article[data-site='{site}'] tr[data-version='{version}']");

    /// <summary>Makes <paramref name="version"/> the live one; its row then carries the "live" badge.</summary>
    public static async Task MakeSiteVersionLiveAsync(IPage page, string site, string version)
    {
        await VersionRow(page, site, version).Locator("button[data-action=activate]").ClickAsync();
        await Expect(VersionRow(page, site, version).Locator(".live")).ToHaveTextAsync("live");
        await Expect(page.Locator($"#sites-list article[data-site='{site}'] .notice")).ToHaveTextAsync($"Live: {version}");
    }

    /// <summary>Deletes a (not live) version through its confirmation.</summary>
    public static async Task DeleteSiteVersionAsync(IPage page, string site, string version)
    {
        var row = VersionRow(page, site, version);
        await row.Locator("button[data-action=delete]").ClickAsync();
        await row.Locator("button[data-action=confirm-delete]").ClickAsync();
        await Expect(row).ToHaveCountAsync(0);
    }

    /// <summary>Opens System and waits until the machine's figures and the history charts have arrived.</summary>
    public static async Task ViewSystemAsync(IPage page)
    {
        await GoToAsync(page, "system", "view-system");
        await Expect(page.Locator("#machine [data-fact=uptime]")).ToContainTextAsync("min");
        await Expect(page.Locator("#machine [data-fact=memory]")).ToContainTextAsync(" of ");
        await Expect(page.Locator("#machine [data-fact=disk]")).ToContainTextAsync("free");
        await Expect(page.Locator("#machine-error")).ToBeHiddenAsync();
        await Expect(page.Locator("#history-error")).ToBeHiddenAsync();
    }

    /// <summary>Creates an API token named <paramref name="name"/>; returns it as the page shows it, once.</summary>
    public static async Task<string> CreateTokenAsync(IPage page, string name, string password)
    {
        await GoToAsync(page, "settings", "view-settings");
        await page.Locator("#token-name").FillAsync(name);
        await page.Locator("#token-password").FillAsync(password);
        await page.Locator("#token-form button[type=submit]").ClickAsync();
        await Expect(page.Locator("#token-new")).ToBeVisibleAsync();
        await Expect(page.Locator("#token-new-name")).ToHaveTextAsync(name);
        var token = (await page.Locator("#token-new-value").TextContentAsync())!.Trim();
        Assert.StartsWith("hiy_", token);
        await Expect(page.Locator($"#tokens-rows tr[data-name='{name}']")).ToHaveCountAsync(1);
        // The password field is cleared: nothing sensitive lingers in the form.
        await Expect(page.Locator("#token-password")).ToHaveValueAsync("");
        return token;
    }

    /// <summary>Revokes the token named <paramref name="name"/> from the list.</summary>
    public static async Task RevokeTokenAsync(IPage page, string name)
    {
        await GoToAsync(page, "settings", "view-settings");
        var row = page.Locator($"#tokens-rows tr[data-name='{name}']");
        await row.Locator("button[data-action=revoke]").ClickAsync();
        await Expect(page.Locator("#tokens-result")).ToHaveTextAsync($"Revoked {name}: it no longer works.");
        await Expect(row).ToHaveCountAsync(0);
        // Had it just been made, its one-time value is gone from the page with it.
        await Expect(page.Locator("#token-new")).ToBeHiddenAsync();
    }

    /// <summary>Rotates the webhook secret through its confirmation; returns the new secret the page shows once.</summary>
    public static async Task<string> RotateWebhookSecretAsync(IPage page)
    {
        await GoToAsync(page, "settings", "view-settings");
        await page.Locator("#webhook-rotate").ClickAsync();
        await page.Locator("#webhook-confirm-yes").ClickAsync();
        await Expect(page.Locator("#webhook-result")).ToContainTextAsync("Rotated");
        await Expect(page.Locator("#webhook-state")).ToContainTextAsync("A secret is set");
        var secret = (await page.Locator("#webhook-secret-value").TextContentAsync())!.Trim();
        Assert.False(string.IsNullOrEmpty(secret));
        return secret;
    }

    /// <summary>Saves a new Let's Encrypt e-mail; the form then shows what the API stored.</summary>
    public static async Task SaveAcmeEmailAsync(IPage page, string email)
    {
        await GoToAsync(page, "settings", "view-settings");
        await page.Locator("#settings-acme_email").FillAsync(email);
        await page.Locator("#domain-form button[type=submit]").ClickAsync();
        await Expect(page.Locator("#domain-result")).ToHaveTextAsync("Saved acme email.");
        await Expect(page.Locator("#settings-acme_email")).ToHaveValueAsync(email);
    }

    /// <summary>Tests a Cloudflare token; returns the verdict line the page shows.</summary>
    public static async Task<string> TestCloudflareTokenAsync(IPage page, string token)
    {
        await GoToAsync(page, "settings", "view-settings");
        await page.Locator("#settings-cloudflare_api_token").FillAsync(token);
        await page.Locator("#cloudflare-test").ClickAsync();
        await Expect(page.Locator("#cloudflare-result")).ToContainTextAsync(new Regex("^(Token works|Token refused|Could not ask Cloudflare) "));
        return (await page.Locator("#cloudflare-result").TextContentAsync())!;
    }

    /// <summary>Signs out; the sign-in form is back and the session cookie is gone.</summary>
    public static async Task SignOutAsync(IPage page)
    {
        await page.Locator("#sign-out").ClickAsync();
        await Expect(page.Locator("#view-sign-in")).ToBeVisibleAsync();
        await Expect(page.Locator("#sign-in-notice")).ToHaveTextAsync("Signed out.");
        await Expect(page.Locator("#nav")).ToBeHiddenAsync();
    }
}
