using System.Text;
using Hiy.Core;
using Hiy.Web.Git;

namespace Hiy.Tests.Web.Git;

/// <summary>The pre-receive hook under the real /bin/sh, and git http-backend when its input ends early.</summary>
public sealed class PushHookTests : IDisposable
{
    private readonly TempDir _dir = new();
    private readonly ProcessRunner _runner = new();

    public void Dispose() => _dir.Dispose();

    [Theory]
    [InlineData("one\ntwo\n\u0001status 0\nnot shown\n", 0, "one\ntwo\n")]
    [InlineData("-----> building\n !     deploy 3 failed\n\u0001status 1\n", 1, "-----> building\n !     deploy 3 failed\n")]
    [InlineData("status 0\n", 1, "status 0\n !     hiy stopped before the deploy ended: nothing was deployed, the push is refused; push again\n")]
    [InlineData("-----> building", 1, "-----> building\n !     hiy stopped before the deploy ended: nothing was deployed, the push is refused; push again\n")]
    public async Task HookScript_LogThenVerdict_PrintsLogAndExitsWithVerdict(string log, int exitCode, string printed)
    {
        var push = _dir.File("push");
        Directory.CreateDirectory(push);
        Assert.True((await _runner.RunAsync("mkfifo", [Path.Combine(push, "refs")])).Succeeded);
        // hiy's side: the refs FIFO held open read-write; the log a plain file here, ending where hiy would close it.
        await using var refs = new FileStream(Path.Combine(push, "refs"), FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite, 0);
        await File.WriteAllTextAsync(Path.Combine(push, "log"), log);
        var hook = _dir.Write("pre-receive", PushRelay.HookScript);
        var old = new string('0', 40);
        var sha = new string('a', 40);

        using var stdin = new MemoryStream(Encoding.ASCII.GetBytes($"{old} {sha} refs/heads/main\n"));
        var result = await _runner.RunAsync("sh", [hook], environment: new Dictionary<string, string?>
        {
            [PushRelay.EnvName] = push, ["GIT_QUARANTINE_PATH"] = "/repos/a.git/objects/tmp_objdir-incoming-x",
        }, stdin: stdin, timeout: TimeSpan.FromSeconds(30));

        Assert.Equal(exitCode, result.ExitCode);
        Assert.Equal(printed, result.StdOut);
        var announced = new byte[4096];
        var n = refs.Read(announced);
        Assert.Equal($"quarantine /repos/a.git/objects/tmp_objdir-incoming-x\n{old} {sha} refs/heads/main\nend\n", Encoding.ASCII.GetString(announced, 0, n));
    }

    [Fact]
    public async Task HookScript_NotRunByHiy_Accepts()
    {
        var hook = _dir.Write("pre-receive", PushRelay.HookScript);
        using var stdin = new MemoryStream("x\n"u8.ToArray());
        var result = await _runner.RunAsync("sh", [hook], environment: new Dictionary<string, string?> { [PushRelay.EnvName] = null },
            stdin: stdin, timeout: TimeSpan.FromSeconds(30));
        Assert.Equal(0, result.ExitCode);
    }

    /// <summary>
    /// What a kill -9 of hiy does to a push in flight: git's stdin ends before the body did. Started as hiy
    /// starts it (own group, no CONTENT_LENGTH), git must end by itself rather than spin.
    /// </summary>
    [Fact]
    public async Task HttpBackend_StdinEndsBeforeBody_GitEndsByItself()
    {
        var root = _dir.File("repos");
        Assert.True((await _runner.RunAsync("git", ["init", "--quiet", "--bare", Path.Combine(root, "a.git")])).Succeeded);
        var env = new Dictionary<string, string?>
        {
            ["GIT_PROJECT_ROOT"] = root, ["GIT_HTTP_EXPORT_ALL"] = "1", ["GATEWAY_INTERFACE"] = "CGI/1.1", ["REQUEST_METHOD"] = "POST",
            ["PATH_INFO"] = "/a.git/git-receive-pack", ["QUERY_STRING"] = "", ["CONTENT_TYPE"] = "application/x-git-receive-pack-request",
            ["REMOTE_USER"] = "hiy", ["REMOTE_ADDR"] = "127.0.0.1", ["CONTENT_LENGTH"] = null, ["GIT_CONFIG_NOSYSTEM"] = "1",
        };
        using var git = ProcessRunner.StartStreamingInOwnGroup("git", ["http-backend"], env);
        var group = git.Id;
        try
        {
            var command = $"{new string('0', 40)} {new string('1', 40)} refs/heads/main\0report-status\n";
            var pkt = (command.Length + 4).ToString("x4", System.Globalization.CultureInfo.InvariantCulture) + command + "0000PACK";
            await git.StandardInput.BaseStream.WriteAsync(Encoding.ASCII.GetBytes(pkt));
            git.StandardInput.Close();
            var stdout = git.StandardOutput.ReadToEndAsync();
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await git.WaitForExitAsync(cts.Token);
            Assert.Contains("Content-Type: application/x-git-receive-pack-result", await stdout);
            var left = await GitProcesses.WaitGoneAsync(root, TimeSpan.FromSeconds(5));
            Assert.True(left.Count == 0, "git processes left: " + string.Join("; ", left));
        }
        finally
        {
            ProcessGroup.Kill(group);
        }
    }
}
