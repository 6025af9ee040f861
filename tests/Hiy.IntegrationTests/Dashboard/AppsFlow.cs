using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Hiy.Core;
using Hiy.Tests.Builds;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Hiy.Tests.Dashboard;

/// <summary>
/// The Apps part of the dashboard's Must-show as reusable steps, against the real `hiy serve` process (the native
/// binary under scripts/test.sh) with the shared test dockerd and Chromium at one viewport: finish the wizard and
/// copy the git remote line, push with it and watch the build log, open the app, change env, roll back, stop and
/// start, add a custom domain. Each step leaves the browser on a page the next one can start from, so other
/// dashboard flows can be chained before or after (<see cref="Page"/>, <see cref="Url"/>, <see cref="Token"/>).
/// Any uncaught page error fails the flow when it is disposed.
/// </summary>
public sealed class AppsFlow : IAsyncDisposable
{
    public const string Domain = "dash.test";
    public const string Password = "correct horse battery";
    public const string SetupCode = "flow-setup-code-1234";
    public const string WebhookSecret = "flow-webhook-secret-0123456789";

    private readonly HiyProcess _hiy;
    private readonly TempDir _dir;
    private readonly List<string> _pageErrors = [];
    private readonly List<string> _screenshots = [];
    private AppRepo? _repo;
    private Task<ProcessResult>? _push;

    private AppsFlow(HiyProcess hiy, TempDir dir, int port, IBrowserContext context, IPage page, string viewport)
    {
        _hiy = hiy;
        _dir = dir;
        Port = port;
        Context = context;
        Page = page;
        Viewport = viewport;
        App = HiyUnderTest.UniqueApp("flow");
        page.PageError += (_, error) => { lock (_pageErrors) _pageErrors.Add(error); };
    }

    public int Port { get; }
    public string Url => $"http://127.0.0.1:{Port}/";
    public IBrowserContext Context { get; }
    public IPage Page { get; }
    public string Viewport { get; }
    public string App { get; }

    /// <summary>The git remote line copied from the welcome page (after <see cref="FinishWizardAndCopyRemoteAsync"/>).</summary>
    public string? RemoteLine { get; private set; }

    /// <summary>The screenshots written so far (full paths).</summary>
    public IReadOnlyList<string> Screenshots => _screenshots;

    /// <summary>Starts `hiy serve` (not set up; its domain preset so the wizard can pre-fill it) and a browser context of the given size.</summary>
    public static async Task<AppsFlow> StartAsync(IBrowser browser, string viewport, int width, int height)
    {
        var dir = new TempDir();
        var port = HiyProcess.FreePort();
        var hiy = HiyProcess.Start(
            ["serve", "--data-dir", Path.Combine(dir.Path, "data"), "--http-port", port.ToString(CultureInfo.InvariantCulture), "--https-port", "0",
                "--bind", "127.0.0.1", "--docker-host", TestEnv.DockerHost],
            new Dictionary<string, string> { ["HIY_SETUP_CODE"] = SetupCode, ["HIY_DOMAIN"] = Domain });
        using (var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") })
        {
            var ready = false;
            for (var i = 0; i < 1200 && !ready; i++)
            {
                Assert.False(hiy.HasExited, $"hiy exited early: {hiy.StdErr}");
                try
                {
                    ready = (await http.GetAsync("/health")).StatusCode == HttpStatusCode.OK;
                }
                catch (HttpRequestException)
                {
                }
                if (!ready)
                    await Task.Delay(100);
            }
            Assert.True(ready, $"hiy did not answer /health within 120 s: {hiy.StdErr}");
        }
        var context = await browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = width, Height = height },
            IsMobile = width < 600,
            HasTouch = width < 600,
            Permissions = ["clipboard-read", "clipboard-write"],
        });
        context.SetDefaultTimeout(90_000);
        var page = await context.NewPageAsync();
        return new AppsFlow(hiy, dir, port, context, page, viewport);
    }

    /// <summary>
    /// The wizard (setup code, the domain pre-filled from GET /setup, a webhook secret), then "Deploy your first app":
    /// the DNS records, the webhook URL and (revealed) secret, an app created there and its remote line copied.
    /// </summary>
    public async Task FinishWizardAndCopyRemoteAsync()
    {
        await Page.GotoAsync(Url);
        await Expect(Page.Locator("#view-setup")).ToBeVisibleAsync();
        await Expect(Page.Locator("#setup-code-row")).ToBeVisibleAsync();
        await Expect(Page.Locator("#setup-domain")).ToHaveValueAsync(Domain);
        await ScreenshotAsync("wizard");

        // Every error the browser can see at once while the passwords differ.
        await Page.Locator("#setup-setup_code").FillAsync(SetupCode);
        await Page.Locator("#setup-admin_password").FillAsync("short");
        await Page.Locator("#setup-admin_password_again").FillAsync("other");
        await Page.Locator("#setup-github_webhook_secret").FillAsync("too-short");
        await Page.Locator("#setup-form button[type=submit]").ClickAsync();
        await Expect(Page.Locator("[data-error-for=admin_password_again]")).ToHaveTextAsync("admin password again does not match the admin password");
        await Expect(Page.Locator("[data-error-for=admin_password]")).ToHaveTextAsync("admin password must be at least 10 characters");
        await Expect(Page.Locator("[data-error-for=github_webhook_secret]")).ToHaveTextAsync("github webhook secret must be at least 16 characters");
        await Expect(Page.Locator("#setup-error-list li")).ToHaveCountAsync(3);

        // The Cloudflare step's test button answers in words (an error from hiy or Cloudflare's verdict), never throws.
        await Page.Locator("#setup-cloudflare_api_token").FillAsync("not-a-real-token");
        await Page.Locator("#setup-cloudflare-test").ClickAsync();
        await Expect(Page.Locator("#setup-cloudflare-result")).Not.ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^(|Asking Cloudflare…)$"));
        await Page.Locator("#setup-cloudflare_api_token").FillAsync("");

        await Page.Locator("#setup-admin_password").FillAsync(Password);
        await Page.Locator("#setup-admin_password_again").FillAsync(Password);
        await Page.Locator("#setup-github_webhook_secret").FillAsync(WebhookSecret);
        await Page.Locator("#setup-form button[type=submit]").ClickAsync();

        await Expect(Page.Locator("#view-welcome")).ToBeVisibleAsync();
        Assert.EndsWith("#/welcome", Page.Url, StringComparison.Ordinal);
        await Expect(Page.Locator("#welcome-dns-rows")).ToContainTextAsync("*." + Domain);
        await Expect(Page.Locator("#welcome-dns-rows tr td:first-child code").Last).ToHaveTextAsync(Domain); // and the bare domain
        var records = await Page.Locator("#welcome-dns-rows tr td:nth-child(3) code").AllTextContentsAsync();
        Assert.NotEmpty(records); // GET /api/v1/system's addresses (or, without them, the address the browser used)
        Assert.All(records, r => Assert.True(System.Net.IPAddress.TryParse(r, out _), $"'{r}' is not an address"));
        await Expect(Page.Locator("#welcome-webhook-url-text")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("/hooks/github$"));
        Assert.DoesNotContain(WebhookSecret, await Page.ContentAsync()); // masked until revealed
        await Page.Locator("#welcome-webhook-reveal").ClickAsync();
        await Expect(Page.Locator("#welcome-webhook-secret")).ToHaveTextAsync(WebhookSecret);

        await Page.Locator("#welcome-name").FillAsync("Not Valid");
        await Page.Locator("#welcome-form button[type=submit]").ClickAsync();
        await Expect(Page.Locator("#welcome-name-error")).ToContainTextAsync("lower-case");
        await Page.Locator("#welcome-name").FillAsync(App);
        await Page.Locator("#welcome-form button[type=submit]").ClickAsync();
        var line = Page.Locator("#welcome-remote-text");
        await Expect(line).ToBeVisibleAsync();
        await Expect(line).ToContainTextAsync($"/git/{App}.git");
        await ScreenshotAsync("welcome");

        await Page.Locator("#welcome-remote-line button.copy").ClickAsync();
        await Expect(Page.Locator("#welcome-remote-line .copy-status")).ToHaveTextAsync("Copied");
        RemoteLine = await Page.EvaluateAsync<string>("() => navigator.clipboard.readText()");
        Assert.Equal(await line.TextContentAsync(), RemoteLine);
        Assert.StartsWith($"git remote add hiy http://hiy:", RemoteLine, StringComparison.Ordinal);
        Assert.EndsWith($"@127.0.0.1:{Port}/git/{App}.git", RemoteLine, StringComparison.Ordinal);
    }

    /// <summary>Runs the copied line in a new repository and pushes a slow-building app; the app page shows the log while it builds.</summary>
    public async Task PushAndWatchBuildAsync()
    {
        Assert.NotNull(RemoteLine);
        _repo = await AppRepo.CreateAsync();
        await _repo.CommitAsync("first", ("Dockerfile", """
            FROM hiy-test/busybox
            RUN echo "flow-build-step-one" && sleep 6 && echo "flow-build-step-two"
            RUN mkdir -p /www && echo "hello from the flow" > /www/index.html
            CMD ["sh", "-c", "echo \"app starting with GREETING=$GREETING\"; echo \"$GREETING\" > /www/greeting.txt; echo \"to stderr\" >&2; exec httpd -f -p $PORT -h /www"]
            """));
        var runner = new ProcessRunner();
        var parts = RemoteLine!.Split(' ');
        Assert.Equal(["git", "remote", "add", "hiy"], parts[..4]);
        var add = await runner.RunAsync("git", ["-C", _repo.Path, .. parts[1..]]);
        Assert.True(add.Succeeded, add.StdErr);
        _push = runner.RunAsync("git", ["-C", _repo.Path, "push", "hiy", "main"], timeout: TimeSpan.FromMinutes(5),
            environment: new Dictionary<string, string?> { ["GIT_TERMINAL_PROMPT"] = "0" });

        await Page.Locator("#welcome-app-link").ClickAsync();
        await Expect(Page.Locator("#view-app")).ToBeVisibleAsync();
        await Expect(Page.Locator("#app-name")).ToHaveTextAsync(App);
        // The build log streams: its first step is on the page while git is still waiting for the deploy.
        await Expect(Page.Locator("#app-build-log")).ToContainTextAsync("flow-build-step-one", new() { Timeout = 240_000 });
        Assert.False(_push.IsCompleted, "git push had already finished when the page first showed the build's log");
        var pushed = await _push;
        Assert.True(pushed.Succeeded, $"git push failed: {pushed.StdErr}");
        await Expect(Page.Locator("#app-build-log")).ToContainTextAsync("flow-build-step-two");
        await Expect(Page.Locator("#app-status .badge")).ToHaveTextAsync("running", new() { Timeout = 120_000 });
        await Expect(Page.Locator("#app-build-title .badge")).ToHaveTextAsync("succeeded");
        // The live log tail: the container's stdout, and its stderr marked as such.
        await Expect(Page.Locator("#app-logs")).ToContainTextAsync("app starting with GREETING=");
        await Expect(Page.Locator("#app-logs .log-stderr")).ToContainTextAsync("to stderr");
        await ScreenshotAsync("app");
    }

    /// <summary>The Apps list shows the app running with its URL and last deploy; the URL opens the app (through hiy's proxy).</summary>
    public async Task SeeRunningAndOpenUrlAsync()
    {
        await Page.Locator("#nav a[data-nav=apps]").ClickAsync();
        var row = Page.Locator($"#apps-rows tr[data-app='{App}']");
        await Expect(row.Locator(".badge").First).ToHaveTextAsync("running");
        await Expect(row).ToContainTextAsync($"{App}.{Domain}:{Port}");
        await Expect(row).ToContainTextAsync("#1");
        // Memory use: the live container's, from GET /api/v1/system.
        await Expect(row.Locator("td.mono")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^\d[\d.]* (B|KiB|MiB|GiB) / 512 MB$"));
        await ScreenshotAsync("apps");

        await Page.Locator("#apps-new").ClickAsync();
        await Expect(Page.Locator("#view-new-app")).ToBeVisibleAsync();
        await Page.Locator("#new-app-name").FillAsync("Bad Name");
        await Page.Locator("#new-app-port").FillAsync("70000");
        await Page.Locator("#new-app-form button[type=submit]").ClickAsync();
        await Expect(Page.Locator("#new-app-name-error")).Not.ToBeEmptyAsync();
        await Expect(Page.Locator("#new-app-port-error")).ToHaveTextAsync("port must be between 1 and 65535");
        await ScreenshotAsync("new-app");

        await Page.GotoAsync($"{Url}#/apps/{App}");
        await Expect(Page.Locator("#app-status .badge")).ToHaveTextAsync("running");
        await Expect(Page.Locator("#app-mem-now")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^\d[\d.]* (B|KiB|MiB|GiB) of 512 MB$"));
        var popup = await Page.RunAndWaitForPopupAsync(() => Page.Locator("#app-url").ClickAsync());
        await Expect(popup.Locator("body")).ToContainTextAsync("hello from the flow");
        await popup.CloseAsync();
    }

    /// <summary>Adds an env var: the value is masked (revealed on demand), the app restarts as an `env` deploy and serves it.</summary>
    public async Task AddEnvAndWatchRestartAsync()
    {
        const string value = "hello-from-env-7f3a";
        await Page.Locator("#app-env-key").FillAsync("GREETING");
        await Page.Locator("#app-env-value").FillAsync(value);
        await Page.Locator("#app-env-form button[type=submit]").ClickAsync();
        await Expect(Page.Locator("#app-env-result")).ToContainTextAsync("the app restarts with the new values");
        var envRow = Page.Locator("#app-env-rows tr[data-key=GREETING]");
        await Expect(envRow).ToBeVisibleAsync();
        await Expect(envRow).Not.ToContainTextAsync(value);
        await Expect(Page.Locator("#app-deploys-rows tr").First).ToContainTextAsync("env", new() { Timeout = 30_000 });
        await Expect(Page.Locator("#app-deploys-rows tr").First.Locator(".badge")).ToHaveTextAsync("succeeded", new() { Timeout = 180_000 });
        await Expect(Page.Locator("#app-status .badge")).ToHaveTextAsync("running");
        // The new container got the value (its log line has it redacted: hiy never shows a secret in logs).
        await Expect(Page.Locator("#app-logs")).ToContainTextAsync("app starting with GREETING=[redacted]", new() { Timeout = 60_000 });
        Assert.Equal(value, await AppTextAsync("/greeting.txt"));
        await envRow.Locator("button", new() { HasText = "Reveal" }).ClickAsync();
        await Expect(envRow).ToContainTextAsync(value);

        // Bulk paste of .env text: both keys land, another restart.
        await Page.Locator("#app-env-bulk").FillAsync("# pasted\nFLOW_A=1\nexport FLOW_B=\"two words\"\n");
        await Page.Locator("#app-env-bulk-form button[type=submit]").ClickAsync();
        await Expect(Page.Locator("#app-env-rows tr[data-key=FLOW_B]")).ToBeVisibleAsync();
        await Expect(Page.Locator("#app-env-rows tr[data-key=FLOW_A]")).ToBeVisibleAsync();
        await Expect(Page.Locator("#app-deploys-rows tr").First.Locator(".badge")).ToHaveTextAsync("succeeded", new() { Timeout = 180_000 });
        await Expect(Page.Locator("#app-status .badge")).ToHaveTextAsync("running");
    }

    /// <summary>Rolls back to the first (git) deploy from the history: a `rollback` deploy becomes live.</summary>
    public async Task RollBackFromHistoryAsync()
    {
        var first = Page.Locator("#app-deploys-rows tr[data-deploy='1']");
        await first.Locator("button", new() { HasText = "Roll back to this" }).ClickAsync();
        await Expect(Page.Locator("#app-action-result")).ToContainTextAsync("Rolling back to deploy 1");
        var newest = Page.Locator("#app-deploys-rows tr").First;
        await Expect(newest).ToContainTextAsync("rollback", new() { Timeout = 30_000 });
        await Expect(newest.Locator(".badge")).ToHaveTextAsync("succeeded", new() { Timeout = 180_000 });
        await Expect(newest).ToContainTextAsync("(live)");
        await Expect(Page.Locator("#app-status .badge")).ToHaveTextAsync("running");
    }

    /// <summary>Stop: the badge says stopped and the app's host answers 503; Start: running again and serving.</summary>
    public async Task StopAndStartAsync()
    {
        await Page.Locator("#app-stop").ClickAsync();
        await Expect(Page.Locator("#app-status .badge")).ToHaveTextAsync("stopped", new() { Timeout = 60_000 });
        // The status is written as the container stops; the proxy's route follows within moments.
        await HiyUnderTest.EventuallyAsync(async () => await AppStatusAsync() == HttpStatusCode.ServiceUnavailable, TimeSpan.FromSeconds(30),
            "the stopped app's host to answer 503");
        await Page.Locator("#app-start").ClickAsync();
        await Expect(Page.Locator("#app-status .badge")).ToHaveTextAsync("running", new() { Timeout = 120_000 });
        await HiyUnderTest.EventuallyAsync(async () => await AppStatusAsync() == HttpStatusCode.OK, TimeSpan.FromSeconds(30),
            "the started app's host to answer 200");
    }

    /// <summary>What the app's host answers through hiy's proxy (the test process has no resolver rule, so it sets Host).</summary>
    public async Task<HttpStatusCode> AppStatusAsync()
    {
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, Url);
        request.Headers.Host = $"{App}.{Domain}:{Port}";
        using var response = await http.SendAsync(request);
        return response.StatusCode;
    }

    /// <summary>A file the app serves, through hiy's proxy.</summary>
    public async Task<string> AppTextAsync(string path)
    {
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(new Uri(Url), path));
        request.Headers.Host = $"{App}.{Domain}:{Port}";
        using var response = await http.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadAsStringAsync()).Trim();
    }

    /// <summary>A custom domain: a bad name's error next to the field, then the domain listed with its certificate pending.</summary>
    public async Task AddCustomDomainAsync()
    {
        await Page.Locator("#app-domain-name").FillAsync("not_a domain");
        await Page.Locator("#app-domain-form button[type=submit]").ClickAsync();
        await Expect(Page.Locator("#app-domain-error")).ToContainTextAsync("domain");
        var domain = $"{App}.example.org";
        await Page.Locator("#app-domain-name").FillAsync(domain);
        await Page.Locator("#app-domain-form button[type=submit]").ClickAsync();
        var item = Page.Locator($"#app-domains-list li[data-domain='{domain}']");
        await Expect(item.Locator(".badge")).ToHaveTextAsync("pending");
        await Expect(Page.Locator("#app-domains-acme")).ToContainTextAsync("no ACME e-mail");
        await ScreenshotAsync("app-after");
    }

    /// <summary>A push that fails to build is refused; the page shows the failed deploy's log with the failing step marked, and the app keeps running.</summary>
    public async Task FailedDeployHighlightedAsync()
    {
        Assert.NotNull(_repo);
        await _repo!.CommitAsync("broken", ("Dockerfile", "FROM hiy-test/busybox\nRUN echo flow-about-to-fail && exit 7\n"));
        var push = await new ProcessRunner().RunAsync("git", ["-C", _repo.Path, "push", "hiy", "main"], timeout: TimeSpan.FromMinutes(5),
            environment: new Dictionary<string, string?> { ["GIT_TERMINAL_PROMPT"] = "0" });
        Assert.False(push.Succeeded, "a failing build must refuse the push");
        var newest = Page.Locator("#app-deploys-rows tr").First;
        await Expect(newest.Locator(".badge")).ToHaveTextAsync("failed", new() { Timeout = 60_000 });
        await Expect(newest).ToHaveClassAsync("row-failed");
        await Expect(Page.Locator("#app-build-title .badge")).ToHaveTextAsync("failed");
        await Expect(Page.Locator("#app-build-failure")).ToContainTextAsync("Failed at step");
        await Expect(Page.Locator("#app-build-log .log-failing-step")).ToHaveCountAsync(1);
        await Expect(Page.Locator("#app-build-log")).ToContainTextAsync("flow-about-to-fail");
        await Expect(Page.Locator("#app-status .badge")).ToHaveTextAsync("running");
        await ScreenshotAsync("app-failed-deploy");
    }

    /// <summary>Delete asks for the app's name typed out; a wrong name keeps the button off; then the list no longer has it.</summary>
    public async Task DeleteWithTypedConfirmationAsync()
    {
        await Page.Locator("#app-delete").ClickAsync();
        await Page.Locator("#app-delete-name").FillAsync(App + "x");
        await Expect(Page.Locator("#app-delete-yes")).ToBeDisabledAsync();
        await Page.Locator("#app-delete-name").FillAsync(App);
        await Expect(Page.Locator("#app-delete-yes")).ToBeEnabledAsync();
        await Page.Locator("#app-delete-yes").ClickAsync();
        await Expect(Page.Locator("#view-apps")).ToBeVisibleAsync();
        await Expect(Page.Locator("#apps-empty")).ToBeVisibleAsync();
        await Expect(Page.Locator($"#apps-rows tr[data-app='{App}']")).ToHaveCountAsync(0);
    }

    /// <summary>A full-page screenshot in <see cref="Dashboard.Screenshots"/> (&lt;name&gt;-&lt;desktop|phone&gt;.png); the page must not scroll sideways.</summary>
    public async Task ScreenshotAsync(string name)
    {
        var overflow = await Page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - window.innerWidth");
        Assert.True(overflow <= 1, $"{name} at {Viewport}: the page is {overflow} px wider than the viewport");
        _screenshots.Add(await Dashboard.Screenshots.SaveAsync(Page, name, Viewport == "phone" ? Dashboard.Viewport.Phone : Dashboard.Viewport.Desktop));
    }

    /// <summary>Deletes the app (containers, images) from the shared dockerd, stops hiy, then fails on any page error.</summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri(Url) };
            var login = await http.PostAsync("/api/v1/auth/token", new StringContent(JsonSerializer.Serialize(new Dictionary<string, string> { ["password"] = Password }), Encoding.UTF8, "application/json"));
            if (login.IsSuccessStatusCode)
            {
                var token = JsonDocument.Parse(await login.Content.ReadAsStringAsync()).RootElement.GetProperty("token").GetString();
                http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
                await http.DeleteAsync($"/api/v1/apps/{App}?purge_volumes=true");
            }
        }
        catch (HttpRequestException)
        {
            // hiy is already gone: nothing it made can be removed through it
        }
        await Context.DisposeAsync();
        await _hiy.DisposeAsync();
        _repo?.Dispose();
        _dir.Dispose();
        lock (_pageErrors)
            Assert.True(_pageErrors.Count == 0, "the dashboard threw: " + string.Join("\n", _pageErrors));
    }
}
