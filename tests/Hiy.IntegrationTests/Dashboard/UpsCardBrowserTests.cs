using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Hiy.Tests.Dashboard;

/// <summary>
/// The System page's UPS card in real Chromium, over a hiy whose hardware root is a scratch tree with a kernel
/// power-supply battery (what a fuel-gauge driver shows): the figures while it discharges, then "No UPS HAT detected"
/// once the battery is gone, on the page's own 10 s refresh.
/// </summary>
public class UpsCardBrowserTests(ChromiumFixture chromium) : IClassFixture<ChromiumFixture>
{
    [Fact]
    public async Task SystemPage_BatteryThenNone_CardFollows()
    {
        using var root = new TempDir();
        root.Write("sys/class/power_supply/BAT0/type", "Battery\n");
        root.Write("sys/class/power_supply/BAT0/capacity", "42\n");
        root.Write("sys/class/power_supply/BAT0/voltage_now", "7456000\n");
        root.Write("sys/class/power_supply/BAT0/current_now", "-980000\n");
        root.Write("sys/class/power_supply/BAT0/status", "Discharging\n");
        root.Write("sys/class/power_supply/BAT0/time_to_empty_now", "3000\n");
        await using var d = await DashboardHost.StartAsync(chromium.RequireBrowser(), hardwareRoot: root.Path);
        await d.SignInAsync();
        var card = d.Page.Locator("#ups-card");
        await Expect(card.Locator("[data-ups=battery]")).ToHaveTextAsync("42 %");
        await Expect(card.Locator("[data-ups=power]")).ToHaveTextAsync("on battery");
        await Expect(card.Locator("[data-ups=power]")).ToHaveClassAsync("warn");
        await Expect(card.Locator("[data-ups=voltage]")).ToHaveTextAsync("7.46 V");
        await Expect(card.Locator("[data-ups=current]")).ToHaveTextAsync("-0.98 A");
        await Expect(card.Locator("[data-ups=minutes]")).ToHaveTextAsync("about 50 min");
        await Expect(card.Locator("[data-ups=chip]")).ToHaveTextAsync("BAT0 via power_supply");
        await Expect(d.Page.Locator("#ups-absent")).ToBeHiddenAsync();

        Directory.Delete(Path.Combine(root.Path, "sys/class/power_supply/BAT0"), recursive: true);
        await Expect(d.Page.Locator("#ups-absent")).ToHaveTextAsync("No UPS HAT detected.", new() { Timeout = 30_000 });
        await Expect(d.Page.Locator("#ups-absent")).ToBeVisibleAsync();
        await Expect(d.Page.Locator("#ups")).ToBeHiddenAsync();
    }
}
