using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Hiy.Tests.Dashboard;

/// <summary>
/// The dashboard's side of the security checks, in Chromium against `hiy serve`: every page the router knows (read
/// from the served routes.js itself, so a new page is covered the day it is added) shows the sign-in form without a
/// session, and a signed-in walk over every page receives no secret in any response until one is revealed.
/// </summary>
public class DashboardSecurityBrowserTests(ChromiumFixture chromium) : IClassFixture<ChromiumFixture>
{
    private const string WebhookSecret = "whsec-dash-ops-8c1f2a9e";
    private const string CloudflareToken = "cf-token-dash-ops-41d7b2";
    private const string ZoneId = "023e105f4ecef8ad9ca31a8372d0c353";
    private const string EnvValue = "env-value-dash-ops-9e7c";

    /// <summary>Every route's hash, its captured parameters filled with <paramref name="param"/>, and its view id.</summary>
    private static async Task<IReadOnlyList<(string Hash, string View)>> RoutesAsync(IPage page, string param)
    {
        var json = await page.EvaluateAsync<string>("""
            async (param) => {
              const { routes } = await import('/routes.js');
              return JSON.stringify(routes.map((r) => ({
                hash: r.pattern.source.replace(/^\^/, '').replace(/\$$/, '').replace(/\((?!\?)[^)]*\)/g, param).replaceAll('\\/', '/'),
                view: r.view,
              })));
            }
            """, param);
        return JsonDocument.Parse(json).RootElement.EnumerateArray()
            .Select(r => (r.GetProperty("hash").GetString()!, r.GetProperty("view").GetString()!)).ToList();
    }

    [Fact]
    public async Task EveryDashboardPage_NoSession_SignInShownAndThePageNot()
    {
        await using var d = await ServedDashboard.StartAsync(chromium.RequireBrowser(), Viewport.Desktop);
        var page = d.Page;
        await page.GotoAsync(d.Url);
        await Expect(page.Locator("#view-sign-in")).ToBeVisibleAsync();
        var routes = await RoutesAsync(page, "probe");
        Assert.Contains(routes, r => r.Hash == "#/sites");
        Assert.Contains(routes, r => r.Hash == "#/system");
        Assert.Contains(routes, r => r.Hash == "#/settings");
        foreach (var (hash, view) in routes)
        {
            await page.GotoAsync(d.Url + hash);
            await page.ReloadAsync();
            await Expect(page.Locator("#view-sign-in")).ToBeVisibleAsync();
            await Expect(page.Locator($"#{view}")).ToBeHiddenAsync();
            await Expect(page.Locator("#nav")).ToBeHiddenAsync();
        }
        await Screenshots.SaveAsync(page, "sign-in-required", Viewport.Desktop);
    }

    [Fact]
    public async Task SignedInWalkOverEveryPage_NoSecretInAnyResponse_UntilRevealed()
    {
        await using var d = await ServedDashboard.StartAsync(chromium.RequireBrowser(), Viewport.Desktop,
            $$""","github_webhook_secret":"{{WebhookSecret}}","cloudflare_api_token":"{{CloudflareToken}}","cloudflare_zone_id":"{{ZoneId}}" """);
        var app = $"sec-{Guid.NewGuid().ToString("N")[..6]}";
        await ApiAsync(d, HttpMethod.Post, "/api/v1/apps", $$"""{"name":"{{app}}","port":8080,"memory_mb":64}""");
        await ApiAsync(d, HttpMethod.Put, $"/api/v1/apps/{app}/env", $$"""{"DB_PASSWORD":"{{EnvValue}}"}""");
        var otherToken = JsonDocument.Parse(await ApiAsync(d, HttpMethod.Post, "/api/v1/auth/token",
            $$"""{"password":"{{ServedDashboard.Password}}","name":"ci"}""")).RootElement.GetProperty("token").GetString()!;
        string[] secrets = [WebhookSecret, CloudflareToken, EnvValue, d.Token, otherToken, ServedDashboard.Password];

        var page = d.Page;
        var bodies = new List<Task<(string Url, string Body)>>();
        page.Response += (_, response) =>
        {
            lock (bodies)
                bodies.Add(BodyAsync(response));
        };
        await OpsSteps.SignInAsync(page, d.Url, ServedDashboard.Password);
        var routes = await RoutesAsync(page, app);
        foreach (var (hash, view) in routes)
        {
            await page.GotoAsync(d.Url + hash);
            await Expect(page.Locator($"#{view}")).ToBeVisibleAsync();
            await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
            await Task.Delay(500); // the pages' first refreshes
        }
        Task<(string Url, string Body)>[] seen;
        lock (bodies)
            seen = [.. bodies];
        var all = await Task.WhenAll(seen);
        Assert.True(all.Length > routes.Count, $"only {all.Length} responses recorded");
        foreach (var (url, body) in all)
            foreach (var secret in secrets)
                Assert.False(body.Contains(secret, StringComparison.Ordinal), $"{url} carried a secret ({secret[..6]}…) before any reveal");
        Assert.DoesNotContain(WebhookSecret, await page.ContentAsync());

        // Revealing is what brings it, and only then: the check above would have seen it.
        await OpsSteps.GoToAsync(page, "settings", "view-settings");
        await page.Locator("#webhook-reveal").ClickAsync();
        await Expect(page.Locator("#webhook-secret-value")).ToHaveTextAsync(WebhookSecret);
        // Leaving the page forgets it.
        await OpsSteps.GoToAsync(page, "system", "view-system");
        Assert.DoesNotContain(WebhookSecret, await page.ContentAsync());
    }

    private static async Task<(string Url, string Body)> BodyAsync(IResponse response)
    {
        try
        {
            return (response.Url, Encoding.UTF8.GetString(await response.BodyAsync().WaitAsync(TimeSpan.FromSeconds(10))));
        }
        catch (Exception e) when (e is PlaywrightException or TimeoutException)
        {
            return (response.Url, ""); // a redirect has no body; a live log stream (SSE) never ends
        }
    }

    private static async Task<string> ApiAsync(ServedDashboard d, HttpMethod method, string path, string json)
    {
        using var request = new HttpRequestMessage(method, path) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", d.Token);
        using var response = await d.Http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{method} {path}: {(int)response.StatusCode} {body}");
        return body;
    }
}
