using System.Text.Json;
using Microsoft.Playwright;

namespace Hiy.Tests.Dashboard;

/// <summary>
/// The Apps pages' pure helpers, run as the browser runs them: each module is imported from the real hiy (its
/// embedded files) into Chromium and called directly, so the decisions are tested without a page around them.
/// </summary>
public class DashboardModulesTests(ChromiumFixture chromium) : IClassFixture<ChromiumFixture>
{
    private static async Task<JsonElement> CallAsync(DashboardHost d, string module, string expression)
    {
        await d.Page.GotoAsync(d.Url); // same origin, so the modules import as the dashboard imports them
        var json = await d.Page.EvaluateAsync<string>($"async () => {{ const m = await import('/{module}'); return JSON.stringify({expression}); }}");
        return JsonDocument.Parse(json).RootElement;
    }

    [Fact]
    public async Task FailingStep_FailureAfterSteps_NamesTheLastStepBeforeIt()
    {
        await using var d = await DashboardHost.StartAsync(chromium.RequireBrowser());
        var step = await CallAsync(d, "app-deploys.js",
            "m.failingStep(['-----> Fetching abc', '-----> Building image', 'Step 1/2', ' !     docker build: exit 7', '-----> Cleanup'])");
        Assert.Equal("Building image", step.GetString());
        var none = await CallAsync(d, "app-deploys.js", "m.failingStep([' !     queued too long'])");
        Assert.Equal(JsonValueKind.Null, none.ValueKind);
    }

    [Fact]
    public async Task MaskedEntries_ArrayOrLegacyObject_KeysAndLengthsOnly()
    {
        await using var d = await DashboardHost.StartAsync(chromium.RequireBrowser());
        var masked = await CallAsync(d, "app-env.js", "[m.maskedEntries([{key:'A',length:3}]), m.maskedEntries({B:'secret'})]");
        Assert.Equal("""[[{"key":"A","length":3}],[{"key":"B","length":6}]]""", masked.GetRawText());
    }

    [Fact]
    public async Task ClientErrors_MismatchShortPasswordBadDomainShortSecret_AllAtOnce()
    {
        await using var d = await DashboardHost.StartAsync(chromium.RequireBrowser(), setUp: false);
        var errors = await CallAsync(d, "setup.js",
            "m.clientErrors({admin_password:'short', admin_password_again:'other', domain:'not a domain', github_webhook_secret:'x', cloudflare_zone_id:'z'})");
        Assert.Equal("must be at least 10 characters", errors.GetProperty("admin_password").GetString());
        Assert.Equal("does not match the admin password", errors.GetProperty("admin_password_again").GetString());
        Assert.Equal("'not a domain' is not a valid domain name", errors.GetProperty("domain").GetString());
        Assert.Equal("must be at least 16 characters", errors.GetProperty("github_webhook_secret").GetString());
        Assert.Equal("is required with cloudflare_zone_id", errors.GetProperty("cloudflare_api_token").GetString());
        var fine = await CallAsync(d, "setup.js", "m.clientErrors({admin_password:'correct horse battery', admin_password_again:'correct horse battery', domain:'pi.example.com'})");
        Assert.Empty(fine.EnumerateObject());
    }

    [Fact]
    public async Task RemoteLine_TokenAndAppGitUrl_CredentialsInTheUrl()
    {
        await using var d = await DashboardHost.StartAsync(chromium.RequireBrowser());
        var lines = await CallAsync(d, "git-remote.js",
            "[m.remoteLine({name:'blog', git_url:'http://hiy.local:8080/git/blog.git'}, 'hiy_abc'), m.pushLine({branch:'main'}), m.pushLine({branch:'prod'})]");
        Assert.Equal("""["git remote add hiy http://hiy:hiy_abc@hiy.local:8080/git/blog.git","git push hiy main","git push hiy HEAD:prod"]""", lines.GetRawText());
    }

    [Fact]
    public async Task ParseLogLine_StreamsMarked_OtherShapesAreText()
    {
        await using var d = await DashboardHost.StartAsync(chromium.RequireBrowser());
        var lines = await CallAsync(d, "app-logs.js",
            "[m.parseLogLine('2026-01-01T00:00:00.000Z [stderr] boom'), m.parseLogLine('no shape')]");
        Assert.Equal("""[{"time":"2026-01-01T00:00:00.000Z","stream":"stderr","text":"boom"},{"time":"","stream":"stdout","text":"no shape"}]""", lines.GetRawText());
    }
}
