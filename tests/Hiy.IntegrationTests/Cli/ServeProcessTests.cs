using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;
using Xunit.Abstractions;

namespace Hiy.Tests.Cli;

/// <summary>
/// `hiy serve` as a user meets it: the real executable (native AOT under scripts/test.sh), real SQLite,
/// the test dockerd. Bad input must end in one clear line and a non-zero exit, never a stack trace.
/// </summary>
[Collection(Hiy.Tests.Docker.DockerCollection.Name)] // its /ready check must not overlap the dockerd restart test
public class ServeProcessTests(ITestOutputHelper output)
{
    private static readonly TimeSpan StartBudget = TimeSpan.FromSeconds(20);

    private static string[] ServeArgs(string dataDir, int port, params string[] extra) =>
        ["serve", "--data-dir", dataDir, "--http-port", port.ToString(System.Globalization.CultureInfo.InvariantCulture),
         "--https-port", "0", "--bind", "127.0.0.1", .. extra];

    private static async Task<(HttpStatusCode Status, string Body)> GetAsync(HttpClient http, string url)
    {
        using var r = await http.GetAsync(url);
        return (r.StatusCode, await r.Content.ReadAsStringAsync());
    }

    private static async Task<TimeSpan> WaitForHealthAsync(HiyProcess hiy, HttpClient http, int port)
    {
        var sw = Stopwatch.StartNew();
        while (sw.Elapsed < StartBudget)
        {
            Assert.False(hiy.HasExited, $"hiy exited early: {hiy.StdErr}");
            try
            {
                if ((await http.GetAsync($"http://127.0.0.1:{port}/health")).StatusCode == HttpStatusCode.OK)
                    return sw.Elapsed;
            }
            catch (HttpRequestException)
            {
            }
            await Task.Delay(5);
        }
        Assert.Fail($"/health did not answer within {StartBudget}; stderr:\n{hiy.StdErr}");
        return default;
    }

    private static void AssertOneCleanLine(string stderr, string mustMention)
    {
        var lines = stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => !l.Contains("warning:")).ToArray();
        Assert.True(lines.Length == 1, $"expected one error line, got:\n{stderr}");
        Assert.StartsWith("hiy: ", lines[0]);
        Assert.Contains(mustMention, lines[0]);
        Assert.DoesNotContain("   at ", stderr);
        Assert.DoesNotContain("Exception", stderr);
    }

    [Fact]
    public async Task Serve_Healthy_AnswersHealthReadyAndSetupThenStopsOnSigterm()
    {
        using var dir = new TempDir();
        var port = HiyProcess.FreePort();
        await using var hiy = HiyProcess.Start(ServeArgs(dir.Path, port, "--docker-host", TestEnv.DockerHost));
        using var http = new HttpClient();
        var firstOk = await WaitForHealthAsync(hiy, http, port);

        var ready = await GetAsync(http, $"http://127.0.0.1:{port}/ready");
        Assert.True(ready.Status == HttpStatusCode.OK, ready.Body);
        var setup = await GetAsync(http, $"http://127.0.0.1:{port}/api/v1/setup");
        Assert.Equal(HttpStatusCode.OK, setup.Status);
        Assert.False(JsonDocument.Parse(setup.Body).RootElement.GetProperty("completed").GetBoolean());
        using var post = await http.PostAsync($"http://127.0.0.1:{port}/api/v1/setup", new StringContent(
            $$"""{"admin_password":"correct horse battery","domain":"pi.example.com","setup_code":"{{HiyProcess.DefaultSetupCode}}"}""", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, post.StatusCode);

        await Task.Delay(1000);
        var rssKb = hiy.VmRssKb();
        output.WriteLine($"{(HiyProcess.IsNative ? "native" : "managed")}: first 200 after {firstOk.TotalMilliseconds:0} ms, VmRSS {rssKb / 1024.0:0.0} MB");

        hiy.Signal("TERM");
        Assert.Equal(0, await hiy.WaitForExitAsync(TimeSpan.FromSeconds(15)));
        Assert.Contains("shutting down", hiy.StdOut);
        Assert.DoesNotContain("\u001b[", hiy.StdOut); // no ANSI colours when stdout is not a terminal
    }

    [Fact]
    public async Task Serve_MalformedToml_ExitsOneNamingFileLineAndColumn()
    {
        using var dir = new TempDir();
        var config = dir.File("hiy.toml");
        File.WriteAllText(config, "domain = \"example.com\"\nhttp_port = = 8080\n");
        await using var hiy = HiyProcess.Start(["serve", "--config", config, "--data-dir", dir.File("data")]);
        Assert.Equal(1, await hiy.WaitForExitAsync(TimeSpan.FromSeconds(20)));
        AssertOneCleanLine(hiy.StdErr, $"{config}:2:");
    }

    [Fact]
    public async Task Serve_BadValueInToml_ExitsOneListingEveryError()
    {
        using var dir = new TempDir();
        var config = dir.File("hiy.toml");
        File.WriteAllText(config, "http_port = 99999\ndocker_host = \"/var/run/docker.sock\"\n");
        await using var hiy = HiyProcess.Start(["serve", "--config", config, "--data-dir", dir.File("data")]);
        Assert.Equal(1, await hiy.WaitForExitAsync(TimeSpan.FromSeconds(20)));
        Assert.Contains("http_port: must be between 1 and 65535", hiy.StdErr);
        Assert.Contains("docker_host:", hiy.StdErr);
        Assert.DoesNotContain("   at ", hiy.StdErr);
    }

    [Fact]
    public async Task Serve_MissingConfigFile_ExitsOne()
    {
        using var dir = new TempDir();
        await using var hiy = HiyProcess.Start(["serve", "--config", dir.File("nope.toml"), "--data-dir", dir.File("data")]);
        Assert.Equal(1, await hiy.WaitForExitAsync(TimeSpan.FromSeconds(20)));
        AssertOneCleanLine(hiy.StdErr, "config file not found");
    }

    [Fact]
    public async Task Serve_UnknownKey_WarnsAndStillServes()
    {
        using var dir = new TempDir();
        var config = dir.File("hiy.toml");
        File.WriteAllText(config, "htp_port = 8080\n");
        var port = HiyProcess.FreePort();
        await using var hiy = HiyProcess.Start(["serve", "--config", config, .. ServeArgs(dir.File("data"), port)[1..]]);
        using var http = new HttpClient();
        await WaitForHealthAsync(hiy, http, port);
        Assert.Contains("hiy: warning:", hiy.StdErr);
        Assert.Contains("unknown setting 'htp_port'", hiy.StdErr);
    }

    [Fact]
    public async Task Serve_PortInUse_ExitsNonZeroWithOneLine()
    {
        using var dir = new TempDir();
        using var squatter = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        squatter.Start();
        var port = ((IPEndPoint)squatter.LocalEndpoint).Port;
        await using var hiy = HiyProcess.Start(ServeArgs(dir.Path, port));
        Assert.NotEqual(0, await hiy.WaitForExitAsync(TimeSpan.FromSeconds(20)));
        AssertOneCleanLine(hiy.StdErr, "address already in use");
    }

    [Fact]
    public async Task Serve_UnwritableDataDir_ExitsNonZeroWithOneLine()
    {
        using var dir = new TempDir();
        File.WriteAllText(dir.File("a-file"), "x");
        // Below a regular file nothing can be created, even as root.
        await using var hiy = HiyProcess.Start(ServeArgs(dir.File("a-file") + "/data", HiyProcess.FreePort()));
        Assert.NotEqual(0, await hiy.WaitForExitAsync(TimeSpan.FromSeconds(20)));
        AssertOneCleanLine(hiy.StdErr, "is not usable");
    }

    [Fact]
    public async Task Serve_CorruptDatabase_ExitsNonZeroWithOneLine()
    {
        using var dir = new TempDir();
        File.WriteAllBytes(dir.File("hiy.db"), Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat("this is not sqlite ", 500))));
        await using var hiy = HiyProcess.Start(ServeArgs(dir.Path, HiyProcess.FreePort()));
        Assert.NotEqual(0, await hiy.WaitForExitAsync(TimeSpan.FromSeconds(20)));
        AssertOneCleanLine(hiy.StdErr, "not a database");
    }

    [Fact]
    public async Task Cli_UnknownOption_ExitsOne()
    {
        await using var hiy = HiyProcess.Start(["serve", "--no-such-flag"]);
        Assert.Equal(1, await hiy.WaitForExitAsync(TimeSpan.FromSeconds(20)));
        Assert.Contains("--no-such-flag", hiy.StdErr);
    }
}
