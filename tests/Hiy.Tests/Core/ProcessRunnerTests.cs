using Hiy.Core;

namespace Hiy.Tests.Core;

public class ProcessRunnerTests
{
    [Fact]
    public async Task RunAsync_ShellMetacharacters_ArePassedLiterally()
    {
        var result = await new ProcessRunner().RunAsync("/bin/echo", ["a; rm -rf /", "$(id)", "`x`"]);
        Assert.True(result.Succeeded);
        Assert.Equal("a; rm -rf / $(id) `x`\n", result.StdOut);
    }

    [Fact]
    public async Task RunAsync_NonZeroExit_ReportsCodeAndStderr()
    {
        var result = await new ProcessRunner().RunAsync("/bin/sh", ["-c", "echo oops >&2; exit 3"]);
        Assert.Equal(3, result.ExitCode);
        Assert.Equal("oops\n", result.StdErr);
    }

    [Fact]
    public async Task RunAsync_Lines_StreamToCallback()
    {
        var lines = new List<string>();
        await new ProcessRunner().RunAsync("/bin/sh", ["-c", "echo one; echo two"], onLine: l => { lock (lines) lines.Add(l); });
        Assert.Equal(["one", "two"], lines);
    }

    [Fact]
    public async Task RunAsync_Stdin_IsFed()
    {
        using var input = new MemoryStream("hello"u8.ToArray());
        var result = await new ProcessRunner().RunAsync("/bin/cat", [], stdin: input);
        Assert.Equal("hello\n", result.StdOut);
    }

    [Fact]
    public async Task RunAsync_Timeout_KillsAndThrows()
    {
        var e = await Assert.ThrowsAsync<ProcessRunException>(() =>
            new ProcessRunner().RunAsync("/bin/sleep", ["30"], timeout: TimeSpan.FromMilliseconds(200)));
        Assert.Contains("timed out", e.Message);
    }

    [Fact]
    public async Task RunAsync_MissingProgram_ThrowsNamingIt()
    {
        var e = await Assert.ThrowsAsync<ProcessRunException>(() => new ProcessRunner().RunAsync("/no/such/program", []));
        Assert.Contains("/no/such/program", e.Message);
    }

    [Fact]
    public async Task RunAsync_Environment_IsPassed()
    {
        var result = await new ProcessRunner().RunAsync("/bin/sh", ["-c", "echo $HIY_X"],
            environment: new Dictionary<string, string?> { ["HIY_X"] = "v 1" });
        Assert.Equal("v 1\n", result.StdOut);
    }
}
