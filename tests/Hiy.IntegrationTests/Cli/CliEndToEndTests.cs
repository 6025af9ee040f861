using System.Diagnostics;
using System.Net;
using Hiy.Core;
using Hiy.Tests.Builds;
using Xunit.Abstractions;

namespace Hiy.Tests.Cli;

/// <summary>
/// The `hiy` binary as a client (native under scripts/test.sh) against a real `hiy serve` and the test dockerd: what a
/// user types, from login to destroy, and what they see when something is wrong (one line, the right exit code).
/// </summary>
[Collection(Hiy.Tests.Docker.DockerCollection.Name)]
public class CliEndToEndTests(CliServe serve, ITestOutputHelper output) : IClassFixture<CliServe>
{
    private static void AssertOneLine(ProcessResult r, int code, string mention)
    {
        var lines = r.StdErr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(r.ExitCode == code, $"exit {r.ExitCode}, expected {code}\nstdout: {r.StdOut}\nstderr: {r.StdErr}");
        Assert.True(lines.Length == 1, $"expected one line on stderr, got:\n{r.StdErr}");
        Assert.StartsWith("hiy: ", lines[0]);
        Assert.Contains(mention, lines[0]);
        Assert.DoesNotContain("   at ", r.StdErr);
    }

    private static void AssertOk(ProcessResult r, string what) =>
        Assert.True(r.ExitCode == 0, $"{what}: exit {r.ExitCode}\nstdout: {r.StdOut}\nstderr: {r.StdErr}");

    private async Task<CliProcess> LoggedInAsync(TempDir home)
    {
        var cli = new CliProcess(home.Path);
        var login = await cli.RunInAsync(CliServe.Password + "\n", null, "login", serve.Url);
        AssertOk(login, "login");
        return cli;
    }

    [Fact]
    public async Task Cli_AppLifecycle_LoginCreatePushDeployLogsEnvRollbackDestroy()
    {
        using var home = new TempDir();
        var cli = await LoggedInAsync(home);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(cli.ConfigPath));
        var config = await File.ReadAllTextAsync(cli.ConfigPath);
        Assert.Contains($"url = \"{serve.Url}/\"", config);
        Assert.Contains("token_name = \"cli@", config);
        AssertOk(await cli.RunAsync("whoami"), "whoami");

        var app = HiyUnderTest.UniqueApp("cli");
        using var repo = await AppRepo.CreateAsync();
        var sw = Stopwatch.StartNew();
        try
        {
            var created = await cli.RunAsync("create", app, "--memory", "64", "--port", "8080");
            AssertOk(created, "create");
            Assert.Contains($"http://{app}.{CliServe.Domain}", created.StdOut);

            // git push through the remote git-remote adds: the credential helper answers the saved token.
            await repo.CommitAsync("v1", ("Dockerfile", AppRepo.PageDockerfile("version one")));
            AssertOk(await cli.RunInAsync(null, repo.Path, "git-remote", app, "--add"), "git-remote --add");
            Assert.DoesNotContain(File.ReadAllText(cli.ConfigPath).Split('"')[^2], File.ReadAllText(Path.Combine(repo.Path, ".git", "config")));
            var push = await cli.GitAsync(repo.Path, "push", "hiy", "main");
            Assert.True(push.Succeeded, push.StdOut + push.StdErr);
            Assert.Equal((HttpStatusCode.OK, "version one"), await serve.GetHostAsync(app));
            output.WriteLine($"login → create → first push live: {sw.Elapsed.TotalSeconds:0.0} s");

            // deploy -f of another branch: the build log live, ending with the URL.
            await repo.CommitAsync("v2", ("Dockerfile", AppRepo.PageDockerfile("version two")));
            Assert.True((await cli.GitAsync(repo.Path, "push", "hiy", "main:next")).Succeeded);
            sw.Restart();
            var deploy = await cli.RunAsync("deploy", app, "--ref", "next", "-f");
            AssertOk(deploy, "deploy -f");
            Assert.Contains("Step 1/", deploy.StdOut);
            Assert.EndsWith($"http://{app}.{CliServe.Domain}:{serve.Port}/", deploy.StdOut.TrimEnd().Split('\n')[^1].TrimEnd());
            Assert.Equal((HttpStatusCode.OK, "version two"), await serve.GetHostAsync(app));
            output.WriteLine($"deploy -f: {sw.Elapsed.TotalSeconds:0.0} s");

            var logs = await cli.RunAsync("logs", app, "-n", "5");
            AssertOk(logs, "logs -n");
            var logLines = logs.StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.InRange(logLines.Length, 1, 5);
            Assert.Contains(logLines, l => l.Contains("app starting with GREETING=", StringComparison.Ordinal));

            // env:set returns once the restart with the new value is live.
            sw.Restart();
            var set = await cli.RunAsync("env:set", app, "GREETING=hello-from-cli");
            AssertOk(set, "env:set");
            Assert.Equal((HttpStatusCode.OK, "hello-from-cli"), await serve.GetHostAsync(app, "/greeting.txt"));
            Assert.Equal("hello-from-cli", (await cli.RunAsync("env:get", app, "GREETING")).StdOut.Trim());
            output.WriteLine($"env:set → restarted: {sw.Elapsed.TotalSeconds:0.0} s");
            var deploys = await cli.RunAsync("deploys", app);
            Assert.Contains(" env ", deploys.StdOut);

            // rollback: the image before the current one, i.e. version one.
            AssertOk(await cli.RunAsync("rollback", app), "rollback");
            Assert.Equal((HttpStatusCode.OK, "version one"), await serve.GetHostAsync(app));

            var refused = await cli.RunAsync("destroy", app);
            AssertOneLine(refused, 1, $"--confirm {app}");
            AssertOk(await cli.RunAsync("destroy", app, "--confirm", app), "destroy");
            AssertOneLine(await cli.RunAsync("info", app), 2, $"'{app}'");
        }
        finally
        {
            await cli.RunAsync("destroy", app, "--confirm", app);
        }
    }

    [Fact]
    public async Task Cli_StaticUpdate_ServesNewVersionAtRootAndOldUnderV()
    {
        using var home = new TempDir();
        var cli = await LoggedInAsync(home);
        var site = HiyUnderTest.UniqueApp("notes");
        using var v1 = new TempDir();
        v1.Write("index.html", "notes one");
        v1.Write("css/site.css", "body{}");
        using var v2 = new TempDir();
        v2.Write("index.html", "notes two");
        try
        {
            AssertOk(await cli.RunAsync("static:update", site, "0.3.0", v1.Path), "static:update 0.3.0");
            var second = await cli.RunAsync("static:update", site, "0.4.0", v2.Path, "--activate");
            AssertOk(second, "static:update 0.4.0 --activate");
            Assert.Contains("0.4.0 is live", second.StdOut);
            Assert.Equal((HttpStatusCode.OK, "notes two"), await serve.GetHostAsync(site));
            Assert.Equal((HttpStatusCode.OK, "notes one"), await serve.GetHostAsync(site, "/v/0.3.0/"));
            Assert.Equal((HttpStatusCode.OK, "body{}"), await serve.GetHostAsync(site, "/v/0.3.0/css/site.css"));
            var ls = await cli.RunAsync("static:ls", site);
            Assert.Matches(@"0\.4\.0\s+\*", ls.StdOut);
        }
        finally
        {
            await cli.RunAsync("static:rm", site, "--confirm", site);
        }
    }

    [Fact]
    public async Task Cli_StaticUpdateOverTheLimit_RefusedBeforeUploadingNamingTheLimit()
    {
        using var home = new TempDir();
        var cli = await LoggedInAsync(home);
        using var big = new TempDir();
        // Sparse: 513 MB by length, nothing on disk; the client measures lengths, as the appliance counts unpacked bytes.
        using (var f = File.Create(big.File("huge.bin")))
            f.SetLength(Hiy.Builds.SiteArchive.MaxTotalBytes + (1 << 20));
        var site = HiyUnderTest.UniqueApp("big");
        var sw = Stopwatch.StartNew();
        var r = await cli.RunAsync("static:update", site, "1.0.0", big.Path);
        AssertOneLine(r, 2, "site upload limit of 512.0 MB");
        Assert.Contains("nothing was uploaded", r.StdErr);
        Assert.True(sw.Elapsed < TimeSpan.FromSeconds(10), $"took {sw.Elapsed}: was it packed or sent?");
        AssertOneLine(await cli.RunAsync("static:ls", site), 2, $"'{site}'");
    }

    [Fact]
    public async Task Cli_UnknownApp_ExitsTwoNamingTheApp()
    {
        using var home = new TempDir();
        var cli = await LoggedInAsync(home);
        foreach (var line in new[] { new[] { "info", "no-such-app" }, ["deploy", "no-such-app"], ["logs", "no-such-app"], ["env:set", "no-such-app", "A=1"] })
            AssertOneLine(await cli.RunAsync(line), 2, "'no-such-app'");
    }

    [Fact]
    public async Task Cli_ApplianceDown_ExitsThreeNamingTheUrl()
    {
        using var home = new TempDir();
        var cli = new CliProcess(home.Path);
        var url = $"http://127.0.0.1:{HiyProcess.FreePort()}";
        AssertOneLine(await cli.RunAsync("apps", "--url", url, "--token", "x"), 3, url);
        AssertOneLine(await cli.RunInAsync("x\n", null, "login", url), 3, url);
    }

    [Fact]
    public async Task Cli_BadOrRevokedToken_ExitsFour()
    {
        using var home = new TempDir();
        var cli = new CliProcess(home.Path);
        AssertOneLine(await cli.RunAsync("apps", "--url", serve.Url, "--token", "not-a-token"), 4, "hiy login");
        AssertOneLine(await cli.RunInAsync("wrong password\n", null, "login", serve.Url), 4, "");
        AssertOneLine(await cli.RunAsync("apps"), 4, "not logged in");

        var signedIn = await LoggedInAsync(home);
        AssertOk(await signedIn.RunAsync("apps"), "apps");
        var tokens = await signedIn.RunAsync("tokens");
        var mine = tokens.StdOut.Split('\n').Single(l => l.Contains("(this CLI)", StringComparison.Ordinal));
        var id = mine.Split(' ', StringSplitOptions.RemoveEmptyEntries)[0];
        AssertOk(await signedIn.RunAsync("tokens:revoke", id), "tokens:revoke");
        AssertOneLine(await signedIn.RunAsync("apps"), 4, "hiy login");
    }

    [Fact]
    public async Task Cli_EnvSetWithoutEquals_ExitsOne()
    {
        using var home = new TempDir();
        var cli = await LoggedInAsync(home);
        var r = await cli.RunAsync("env:set", "blog", "GREETING");
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("hiy: 'GREETING' is not KEY=value", r.StdErr);
        Assert.DoesNotContain("   at ", r.StdErr);
    }
}
