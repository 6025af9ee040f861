using System.Net;
using System.Net.Http.Headers;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Hiy.Tests.Dashboard;

/// <summary>
/// The operator's half of the dashboard flow in Debian's Chromium against the real `hiy serve` (native under
/// scripts/test.sh) and the shared dockerd, at a desktop width and at 390 px: upload two versions of a static site
/// from a folder and switch between them, delete one, view System, create a token and revoke it, sign out. Every
/// page it passes is saved as a screenshot.
/// </summary>
public class DashboardOpsFlowTests(ChromiumFixture chromium) : IClassFixture<ChromiumFixture>
{
    private static readonly string LongName = new string('n', 110) + ".txt";

    private static string Folder(TempDir dir, string name, string html)
    {
        dir.Write($"{name}/index.html", html);
        dir.Write($"{name}/css/site.css", "body { color: #123; }\n");
        // Deep enough that ustar's 100-byte name needs its prefix field.
        dir.Write($"{name}/docs/{new string('d', 60)}/{new string('e', 50)}/page.html", "<p>deep</p>");
        // A last segment over ustar's 100 bytes: only a pax header can carry it.
        dir.Write($"{name}/{LongName}", "long");
        return dir.File(name);
    }

    [Theory]
    [InlineData(Viewport.Desktop)]
    [InlineData(Viewport.Phone)]
    public async Task OpsFlow_SitesSystemTokensSignOut_WorksAndEveryPageIsScreenshotted(Viewport viewport)
    {
        await using var d = await ServedDashboard.StartAsync(chromium.RequireBrowser(), viewport);
        var page = d.Page;
        var site = $"docs-{Guid.NewGuid().ToString("N")[..6]}";
        var host = $"{site}.{ServedDashboard.Domain}";

        await OpsSteps.SignInAsync(page, d.Url, ServedDashboard.Password);

        // Sites: the first upload goes live at once; the second waits until it is made live.
        await OpsSteps.UploadSiteVersionAsync(page, site, "v1", Folder(d.Dir, "one", "<h1>version one</h1>"));
        await Expect(OpsSteps.VersionRow(page, site, "v1").Locator(".live")).ToHaveTextAsync("live");
        Assert.Equal((HttpStatusCode.OK, "<h1>version one</h1>"), await d.GetOnHostAsync(host, "/"));
        await OpsSteps.UploadSiteVersionAsync(page, site, "v2", Folder(d.Dir, "two", "<h1>version two</h1>"));
        await Expect(OpsSteps.VersionRow(page, site, "v1").Locator(".live")).ToHaveTextAsync("live");
        Assert.Equal((HttpStatusCode.OK, "<h1>version one</h1>"), await d.GetOnHostAsync(host, "/"));

        await OpsSteps.MakeSiteVersionLiveAsync(page, site, "v2");
        Assert.Equal((HttpStatusCode.OK, "<h1>version two</h1>"), await d.GetOnHostAsync(host, "/"));
        Assert.Equal((HttpStatusCode.OK, "<h1>version one</h1>"), await d.GetOnHostAsync(host, "/v/v1/"));
        Assert.Equal((HttpStatusCode.OK, "<p>deep</p>"), await d.GetOnHostAsync(host, $"/docs/{new string('d', 60)}/{new string('e', 50)}/page.html"));
        Assert.Equal((HttpStatusCode.OK, "body { color: #123; }\n"), await d.GetOnHostAsync(host, "/v/v1/css/site.css"));
        Assert.Equal((HttpStatusCode.OK, "long"), await d.GetOnHostAsync(host, "/" + LongName));
        // Each version links to its own /v/<version>/ on the site's host.
        Assert.Equal($"http://{host}:{d.Port}/v/v1/", await OpsSteps.VersionRow(page, site, "v1").Locator("a").First.GetAttributeAsync("href"));
        await Screenshots.SaveAsync(page, "sites", viewport);

        // The live version has no delete button; an old one goes, and its /v/ path with it.
        await Expect(OpsSteps.VersionRow(page, site, "v2").Locator("button[data-action=delete]")).ToHaveCountAsync(0);
        await OpsSteps.DeleteSiteVersionAsync(page, site, "v1");
        Assert.Equal(HttpStatusCode.NotFound, (await d.GetOnHostAsync(host, "/v/v1/")).Status);
        Assert.Equal((HttpStatusCode.OK, "<h1>version two</h1>"), await d.GetOnHostAsync(host, "/"));

        await OpsSteps.ViewSystemAsync(page);
        await Screenshots.SaveAsync(page, "system", viewport);

        var token = await OpsSteps.CreateTokenAsync(page, "laptop", ServedDashboard.Password);
        Assert.Equal(HttpStatusCode.OK, await StatusWithTokenAsync(d, token));
        await Screenshots.SaveAsync(page, "settings", viewport);
        await OpsSteps.RevokeTokenAsync(page, "laptop");
        Assert.Equal(HttpStatusCode.Unauthorized, await StatusWithTokenAsync(d, token));

        // The webhook secret the page shows after rotating is the one hiy now checks signatures with.
        var secret = await OpsSteps.RotateWebhookSecretAsync(page);
        Assert.Contains($"\"secret\":\"{secret}\"", await GetWithTokenAsync(d, "/api/v1/settings/webhook-secret"));
        await OpsSteps.SaveAcmeEmailAsync(page, "ops@example.com");
        Assert.Contains("\"acme_email\":\"ops@example.com\"", await GetWithTokenAsync(d, "/api/v1/settings"));
        // Cloudflare is a closed local port in this test: the page says it could not ask, with the reason.
        Assert.StartsWith("Could not ask Cloudflare (unreachable): cannot reach http://127.0.0.1:9", await OpsSteps.TestCloudflareTokenAsync(page, "cf-test-token"));
        await Screenshots.SaveAsync(page, "settings-secret-shown", viewport);

        await OpsSteps.SignOutAsync(page);
        await Screenshots.SaveAsync(page, "sign-in", viewport);

        // The proxy's own pages wear the dashboard's look, with their stylesheet allowed by the page's CSP.
        await ErrorPageLooksLikeTheDashboardAsync(d, viewport);
    }

    private static async Task<HttpStatusCode> StatusWithTokenAsync(ServedDashboard d, string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/apps");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await d.Http.SendAsync(request);
        return response.StatusCode;
    }

    private static async Task<string> GetWithTokenAsync(ServedDashboard d, string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", d.Token);
        using var response = await d.Http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"GET {path}: {(int)response.StatusCode} {body}");
        return body;
    }

    private static async Task ErrorPageLooksLikeTheDashboardAsync(ServedDashboard d, Viewport viewport)
    {
        // The browser asks for an unknown app's host through hiy's port: Chromium sends that Host header.
        await d.Context.RouteAsync("http://nothing-here.hiy.test/**", async route =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/");
            request.Headers.Host = "nothing-here." + ServedDashboard.Domain;
            using var response = await d.Http.SendAsync(request);
            await route.FulfillAsync(new RouteFulfillOptions
            {
                Status = (int)response.StatusCode,
                Body = await response.Content.ReadAsStringAsync(),
                Headers = new Dictionary<string, string>
                {
                    ["Content-Type"] = response.Content.Headers.ContentType!.ToString(),
                    ["Content-Security-Policy"] = string.Join(", ", response.Headers.GetValues("Content-Security-Policy")),
                },
            });
        });
        var page = await d.Context.NewPageAsync();
        var refused = new List<string>();
        page.Console += (_, m) => { if (m.Text.Contains("Content Security Policy", StringComparison.Ordinal)) refused.Add(m.Text); };
        var answer = await page.GotoAsync("http://nothing-here.hiy.test/");
        Assert.Equal(404, answer!.Status);
        await Expect(page.Locator("h1")).ToHaveTextAsync("Nothing here yet");
        // The stylesheet applied: the bar is the dashboard's dark bar, not an unstyled line.
        Assert.Equal("rgb(29, 35, 39)", await page.Locator(".bar").EvaluateAsync<string>("e => getComputedStyle(e).backgroundColor"));
        Assert.Empty(refused);
        await Screenshots.SaveAsync(page, "error-404", viewport);
        await page.CloseAsync();
    }
}
