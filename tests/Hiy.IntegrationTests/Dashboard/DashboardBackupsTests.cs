using System.Net;
using System.Net.Http.Headers;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Hiy.Tests.Dashboard;

/// <summary>
/// The Backups page in Debian's Chromium against the real `hiy serve`: write a backup with a passphrase, download it,
/// upload a damaged copy (refused, naming the entry), ask to restore with the wrong passphrase (confirmation first,
/// then refused with hiy still running), delete it.
/// </summary>
public class DashboardBackupsTests(ChromiumFixture chromium) : IClassFixture<ChromiumFixture>
{
    [Fact]
    public async Task BackupsPage_CreateDownloadUploadRestoreDelete_EachAnswered()
    {
        await using var d = await ServedDashboard.StartAsync(chromium.RequireBrowser(), Viewport.Desktop);
        var page = d.Page;
        await OpsSteps.SignInAsync(page, d.Url, ServedDashboard.Password);
        await OpsSteps.GoToAsync(page, "backups", "view-backups");
        await Expect(page.Locator("#backups-empty")).ToBeVisibleAsync();

        await page.FillAsync("#backup-passphrase", "short");
        await page.ClickAsync("#backup-create-form button[type=submit]");
        await Expect(page.Locator("[data-error-for=backup-passphrase]")).ToContainTextAsync("at least 8");
        await page.FillAsync("#backup-passphrase", "a long passphrase");
        await page.ClickAsync("#backup-create-form button[type=submit]");
        await Expect(page.Locator("#backups-status")).ToContainTextAsync("written");
        var row = page.Locator("#backups-rows tr");
        await Expect(row).ToHaveCountAsync(1);
        await Expect(row.Locator("td[data-label=Key]")).ToHaveTextAsync("wrapped");
        var id = await row.GetAttributeAsync("data-backup");
        await Screenshots.SaveAsync(page, "backups", Viewport.Desktop);

        var download = await page.RunAndWaitForDownloadAsync(() => row.Locator("[data-action=download]").ClickAsync());
        var saved = d.Dir.File("downloaded.tar.gz");
        await download.SaveAsAsync(saved);
        var archive = await File.ReadAllBytesAsync(saved);
        Assert.Equal(0x1f, archive[0]); // gzip

        // A copy cut short: the appliance refuses it and keeps nothing.
        var cut = d.Dir.File("cut.tar.gz");
        await File.WriteAllBytesAsync(cut, archive[..(archive.Length / 2)]);
        await page.SetInputFilesAsync("#backup-upload-file", cut);
        await page.ClickAsync("#backup-upload-form button[type=submit]");
        await Expect(page.Locator("#backup-upload-error")).ToBeVisibleAsync();
        await Expect(row).ToHaveCountAsync(1);

        await row.Locator("[data-action=restore]").ClickAsync();
        var confirm = row.Locator(".confirm");
        await Expect(confirm).ToContainTextAsync("replaced");
        await confirm.Locator("input[type=password]").FillAsync("not the passphrase");
        await confirm.Locator("[data-action=confirm-restore]").ClickAsync();
        await Expect(page.Locator("#backups-error")).ToContainTextAsync("passphrase");
        Assert.False(d.Hiy.HasExited);

        await row.Locator("[data-action=delete]").ClickAsync();
        await Expect(page.Locator("#backups-empty")).ToBeVisibleAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/backups/{id}");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", d.Token);
        Assert.Equal(HttpStatusCode.NotFound, (await d.Http.SendAsync(request)).StatusCode);
        d.AssertNoPageErrors();
    }
}
