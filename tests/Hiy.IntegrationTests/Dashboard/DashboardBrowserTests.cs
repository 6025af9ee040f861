using System.Formats.Tar;
using System.IO.Compression;
using System.Net;
using System.Text;
using Hiy.Tests.Web;
using Hiy.Web.Auth;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Hiy.Tests.Dashboard;

/// <summary>The dashboard driven in real Chromium: sign in, the System page's operations, sign out.</summary>
public class DashboardBrowserTests(ChromiumFixture chromium) : IClassFixture<ChromiumFixture>
{
    private const string Key = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIFaHU8X6+g1NStJJJRMFEkIchvOI7rdHTl0NzqA/sC6m ana@laptop";
    private const string Fingerprint = "SHA256:uXPjJFlM6AS8PZBE2icGjz4L+4vauaGefJY05RpEwhw";

    [Fact]
    public async Task BeforeSetup_WizardFirst_FieldErrorsShownThenSetUpAndSignedIn()
    {
        await using var d = await DashboardHost.StartAsync(chromium.RequireBrowser(), setUp: false);
        var page = d.Page;
        await page.GotoAsync(d.Url);
        await Expect(page.Locator("#view-setup")).ToContainTextAsync("the setup wizard must be completed first");
        await Expect(page.Locator("#view-sign-in")).ToBeHiddenAsync();
        await Expect(page.Locator("#view-system")).ToBeHiddenAsync();
        // Always asked for (issue 13 item 6): a first visitor without the code does not own the appliance.
        await Expect(page.Locator("#setup-code-row")).ToBeVisibleAsync();
        await page.Locator("#setup-setup_code").FillAsync(d.Host.SetupCode);

        await page.Locator("#setup-admin_password").FillAsync("short");
        await page.Locator("#setup-admin_password_again").FillAsync("shirt");
        await page.Locator("#setup-form button[type=submit]").ClickAsync();
        await Expect(page.Locator("[data-error-for=admin_password_again]")).ToHaveTextAsync("admin password again does not match the admin password");

        // Every field's error from the 422 at once, each next to its input, and the problem's detail.
        await page.Locator("#setup-admin_password_again").FillAsync("short");
        await page.Locator("#setup-domain").FillAsync("not a domain");
        await page.Locator("#setup-form button[type=submit]").ClickAsync();
        await Expect(page.Locator("[data-error-for=admin_password]")).ToHaveTextAsync("admin password must be at least 10 characters");
        await Expect(page.Locator("[data-error-for=domain]")).ToContainTextAsync("is not a valid domain name");
        await Expect(page.Locator("#setup-error")).ToContainTextAsync("Invalid setup: ");
        await Expect(page.Locator("[data-error-for=admin_password_again]")).ToHaveTextAsync("");
        await ApiHost.ProblemAsync(await d.Host.Client.GetAsync("/api/v1/system/operations"), 403); // still not set up

        await page.Locator("#setup-admin_password").FillAsync(DashboardHost.Password);
        await page.Locator("#setup-admin_password_again").FillAsync(DashboardHost.Password);
        await page.Locator("#setup-domain").FillAsync("pi.example.com");
        await page.Locator("#setup-form button[type=submit]").ClickAsync();
        await Expect(page.Locator("#view-welcome")).ToBeVisibleAsync(); // the wizard's next step: deploy your first app
        await Expect(page.Locator("#welcome-dns-rows")).ToContainTextAsync("*.pi.example.com");
        var setup = System.Text.Json.JsonDocument.Parse(await d.Host.Client.GetStringAsync("/api/v1/setup")).RootElement;
        Assert.True(setup.GetProperty("completed").GetBoolean());
        Assert.Equal("pi.example.com", setup.GetProperty("domain").GetString());
        await d.SessionCookieAsync();
    }

    [Fact]
    public async Task SignIn_WrongThenRightPassword_ErrorThenSystemPage_SignOutThenOldCookie401()
    {
        await using var d = await DashboardHost.StartAsync(chromium.RequireBrowser());
        var page = d.Page;
        await page.GotoAsync(d.Url + "#/system");
        await Expect(page.Locator("#view-sign-in")).ToBeVisibleAsync();
        await page.Locator("#password").FillAsync("not the password");
        await page.Locator("#sign-in-form button[type=submit]").ClickAsync();
        await Expect(page.Locator("#sign-in-error")).ToHaveTextAsync("Wrong password: the user name or password is wrong");
        await Expect(page.Locator("#view-system")).ToBeHiddenAsync();

        await page.Locator("#password").FillAsync(DashboardHost.Password);
        await page.Locator("#sign-in-form button[type=submit]").ClickAsync();
        await Expect(page.Locator("#view-system")).ToBeVisibleAsync();
        await Expect(page.Locator("#ops-empty")).ToBeVisibleAsync(); // the first refresh came back
        var cookie = await d.SessionCookieAsync();

        // A reload keeps the session: the page asks GET /auth/session for its CSRF token again.
        await page.ReloadAsync();
        await Expect(page.Locator("#view-system")).ToBeVisibleAsync();

        await page.Locator("#sign-out").ClickAsync();
        await Expect(page.Locator("#view-sign-in")).ToBeVisibleAsync();
        await Expect(page.Locator("#sign-in-notice")).ToHaveTextAsync("Signed out.");
        Assert.DoesNotContain(await d.Context.CookiesAsync([d.Url]), c => c.Name == DashboardSessions.CookieName);

        using var client = new HttpClient(new SocketsHttpHandler { UseCookies = false }) { BaseAddress = d.Host.BaseAddress };
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/system/operations");
        request.Headers.Add("Cookie", $"{DashboardSessions.CookieName}={cookie}");
        var old = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.Unauthorized, old.StatusCode);
    }

    [Fact]
    public async Task SessionEndedElsewhere_NextRefreshReturnsToSignInWithTheReason()
    {
        await using var d = await DashboardHost.StartAsync(chromium.RequireBrowser());
        await d.SignInAsync();
        d.Host.Host.Services.GetRequiredService<DashboardSessions>().End(await d.SessionCookieAsync());
        await Expect(d.Page.Locator("#view-sign-in")).ToBeVisibleAsync();
        await Expect(d.Page.Locator("#sign-in-notice")).ToHaveTextAsync("the dashboard session has expired or was signed out; sign in again");
        await Expect(d.Page.Locator("#view-system")).ToBeHiddenAsync();
    }

    [Fact]
    public async Task Ssh_InvalidKeyShownAtTheFieldNothingRequested_ValidKeyRequestedThenOnWithFingerprint()
    {
        await using var d = await DashboardHost.StartAsync(chromium.RequireBrowser());
        await d.SignInAsync();
        var page = d.Page;
        await Expect(page.Locator("#ssh-state")).ToHaveTextAsync("SSH is off");

        await page.Locator("#ssh-enabled").CheckAsync();
        await page.Locator("#ssh-keys").FillAsync("ssh-ed25519 not-base64 ana@laptop");
        await page.Locator("#ssh-form button[type=submit]").ClickAsync();
        var fieldError = page.Locator("#ssh-key-errors li[data-field='authorized_keys[0]']");
        await Expect(fieldError).ToContainTextAsync("line 1: ");
        await Expect(page.Locator("#ssh-error")).ToContainTextAsync("Invalid SSH settings: authorized_keys[0]: ");
        await Expect(page.Locator("#ssh-keys")).ToHaveAttributeAsync("aria-invalid", "true");
        Assert.Empty(Directory.GetFiles(d.Requests));

        await page.Locator("#ssh-keys").FillAsync(Key + "\n");
        await page.Locator("#ssh-form button[type=submit]").ClickAsync();
        await Expect(page.Locator("#ssh-result")).ToHaveTextAsync("Asked hiy-ops to turn SSH on with 1 key(s).");
        await Expect(page.Locator("#ssh-key-errors li")).ToHaveCountAsync(0);
        await d.WaitForRequestAsync("ssh-on");
        await Expect(page.Locator("#ssh-state")).ToContainTextAsync("turning on: requested");

        d.Answer("ssh-on", "done", "ssh is on");
        await Expect(page.Locator("#ssh-state")).ToHaveTextAsync("SSH is on");
        await Expect(page.Locator("#ssh-fingerprints li")).ToHaveTextAsync($"ssh-ed25519 {Fingerprint} ana@laptop");
        await Expect(page.Locator("#ssh-enabled")).ToBeCheckedAsync();
    }

    [Fact]
    public async Task Reboot_ConfirmedRequestsItAndShowsItsState_CancelAsksNothing()
    {
        await using var d = await DashboardHost.StartAsync(chromium.RequireBrowser());
        await d.SignInAsync();
        var page = d.Page;

        await page.Locator("#poweroff").ClickAsync();
        await Expect(page.Locator("#power-confirm-text")).ToContainTextAsync("Power the appliance off now?");
        await page.Locator("#power-confirm-no").ClickAsync();
        await Expect(page.Locator("#power-confirm")).ToBeHiddenAsync();

        await page.Locator("#reboot").ClickAsync();
        await Expect(page.Locator("#power-confirm")).ToBeVisibleAsync();
        Assert.Empty(Directory.GetFiles(d.Requests)); // nothing until confirmed
        await page.Locator("#power-confirm-yes").ClickAsync();
        await Expect(page.Locator("#power-result")).ToHaveTextAsync("Asked hiy-ops to reboot: requested.");
        await d.WaitForRequestAsync("reboot");
        Assert.False(File.Exists(Path.Combine(d.Requests, "poweroff")));
        var row = page.Locator("#ops-rows tr[data-request='reboot']");
        await Expect(row.Locator("td").Nth(1)).ToHaveTextAsync("requested");

        d.Answer("reboot", "accepted", "in 3 seconds");
        await Expect(row.Locator("td").Nth(1)).ToHaveTextAsync("accepted");
        await Expect(row.Locator("td").Nth(2)).ToHaveTextAsync("in 3 seconds");

        // A second reboot while the first is pending: the API's 409 detail reaches the user.
        await page.Locator("#reboot").ClickAsync();
        await page.Locator("#power-confirm-yes").ClickAsync();
        await Expect(page.Locator("#power-error")).ToContainTextAsync("Operation pending: ");
    }

    [Fact]
    public async Task OsUpdates_UpgradableListedCheckAndApplyRequested()
    {
        await using var d = await DashboardHost.StartAsync(chromium.RequireBrowser());
        await d.SignInAsync();
        var page = d.Page;
        await Expect(page.Locator("#os-upgradable-title")).ToHaveTextAsync("Not checked yet: press \"Check now\".");

        await page.Locator("#os-check").ClickAsync();
        await Expect(page.Locator("#os-result")).ToHaveTextAsync("Asked hiy-ops to check for updates: requested.");
        await d.WaitForRequestAsync("os-update-check");
        File.WriteAllLines(Path.Combine(d.State, "os-upgradable.txt"), ["bash 5.2.15-2+b8", "openssl 3.0.15-1~deb12u1"]);
        d.Answer("os-update-check", "done", "2 packages can be upgraded");
        await Expect(page.Locator("#os-upgradable li")).ToHaveTextAsync(["bash 5.2.15-2+b8", "openssl 3.0.15-1~deb12u1"]);
        await Expect(page.Locator("#os-last-check")).ToContainTextAsync("done (2 packages can be upgraded)");

        await page.Locator("#os-apply").ClickAsync();
        await Expect(page.Locator("#os-result")).ToHaveTextAsync("Asked hiy-ops to install the updates: requested.");
        await d.WaitForRequestAsync("os-update");
        await Expect(page.Locator("#os-last-apply")).ToContainTextAsync("requested");
    }

    [Fact]
    public async Task SelfUpdate_NotAnElf_422DetailShown_AnElfForThisCpu_202Requested()
    {
        await using var d = await DashboardHost.StartAsync(chromium.RequireBrowser());
        await d.SignInAsync();
        var page = d.Page;
        await page.Locator("#update-file").SetInputFilesAsync(new FilePayload
        {
            Name = "hiy",
            MimeType = "application/octet-stream",
            Buffer = Encoding.UTF8.GetBytes("#!/bin/sh\n" + new string('x', 100_000)),
        });
        await page.Locator("#update-form button[type=submit]").ClickAsync();
        await Expect(page.Locator("#update-error")).ToContainTextAsync("Not a usable hiy binary: ");
        await Expect(page.Locator("#update-error")).ToContainTextAsync("not a 64-bit Linux ELF");
        await Expect(page.Locator("#update-result")).ToHaveTextAsync("");
        Assert.Empty(Directory.GetFiles(d.Requests));
        Assert.Empty(Directory.GetFiles(d.State, "hiy.new*"));

        // An ELF for this CPU (the test's own process image) is staged and handed to hiy-ops.
        var elf = await File.ReadAllBytesAsync("/proc/self/exe");
        await page.Locator("#update-file").SetInputFilesAsync(new FilePayload { Name = "hiy", MimeType = "application/octet-stream", Buffer = elf });
        await page.Locator("#update-form button[type=submit]").ClickAsync();
        await Expect(page.Locator("#update-result")).ToContainTextAsync("hiy-ops is installing it (requested)");
        await Expect(page.Locator("#update-error")).ToBeHiddenAsync();
        await d.WaitForRequestAsync("self-update");
        Assert.Equal(elf, await File.ReadAllBytesAsync(Path.Combine(d.State, "hiy.new")));
    }

    [Fact]
    public async Task SupportBundle_LinkDownloadsATarGz()
    {
        await using var d = await DashboardHost.StartAsync(chromium.RequireBrowser());
        await d.SignInAsync();
        var download = await d.Page.RunAndWaitForDownloadAsync(() => d.Page.Locator("#support-bundle").ClickAsync());
        Assert.Matches("^hiy-support-.*\\.tar\\.gz$", download.SuggestedFilename);
        var saved = Path.Combine(d.Dir.Path, download.SuggestedFilename);
        await download.SaveAsAsync(saved);
        var names = new List<string>();
        await using (var gz = new GZipStream(File.OpenRead(saved), CompressionMode.Decompress))
        await using (var tar = new TarReader(gz))
        {
            while (await tar.GetNextEntryAsync() is { } entry)
                names.Add(entry.Name[(entry.Name.IndexOf('/') + 1)..]);
        }
        Assert.Contains("README.txt", names);
        Assert.Contains("versions.txt", names);
    }
}
