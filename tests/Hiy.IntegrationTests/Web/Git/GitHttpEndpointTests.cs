using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Hiy.Web.Git;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Hiy.Tests.Web.Git;

/// <summary>git push / clone over smart-HTTP to the real git CLI, through a real Kestrel on 127.0.0.1.</summary>
public sealed class GitHttpEndpointTests(Xunit.Abstractions.ITestOutputHelper output) : IAsyncLifetime, IDisposable
{
    private const string Token = "hiy_good-token";
    private readonly TempDir _dir = new();
    private readonly ConcurrentQueue<(string App, string Branch, string Sha)> _pushes = new();
    private WebApplication _app = null!;
    private GitCli _git = null!;
    private string _base = "";

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_dir.File("home"));
        _git = new GitCli(_dir.File("home"));
        var endpoint = new GitHttpEndpoint(_dir.File("repos"), _dir.File("pushes"),
            token => token == Token,
            (app, branch, sha, _) =>
            {
                _pushes.Enqueue((app, branch, sha));
                return Task.FromResult(branch switch
                {
                    "main" => new GitPushOutcome(7),
                    "live" => new GitPushOutcome(8),
                    _ => new GitPushOutcome(null, $"branch '{branch}' is not deployed; {app} deploys 'main'"),
                });
            },
            FollowLog,
            (id, _) => Task.FromResult(id == 8
                ? new GitDeployResult(false, null, "health check failed: GET / answered 502")
                : new GitDeployResult(true, "http://myapp.example.test")),
            NullLogger<GitHttpEndpoint>.Instance,
            appExists: app => app != "ghost");

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        _app = builder.Build();
        _app.Map("/git/{**rest}", endpoint.HandleAsync);
        await _app.StartAsync();
        _base = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
    }

    /// <summary>Completed by the test when git has printed the first line of deploy 8: proves the output is live.</summary>
    private readonly TaskCompletionSource _firstLineSeen = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private async IAsyncEnumerable<string> FollowLog(long id, [EnumeratorCancellation] CancellationToken ct)
    {
        if (id == 8)
        {
            yield return "first live line";
            var seen = await Task.WhenAny(_firstLineSeen.Task, Task.Delay(TimeSpan.FromSeconds(60), ct)) == _firstLineSeen.Task;
            yield return seen ? "after the pusher saw the first line" : "NOT STREAMED";
            yield break;
        }
        yield return "-----> Building image hiy/myapp (deploy " + id + ")";
        await Task.Yield();
        yield return "Step 1/2 : FROM hiy-test/busybox";
        yield return "-----> Health check passed";
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    public void Dispose() => _dir.Dispose();

    private string Url(string app = "myapp") => $"{_base}/git/{app}.git";

    private string[] AuthConfig(string token = Token) =>
        ["-c", "http.extraHeader=Authorization: Basic " + Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes("hiy:" + token))];

    [Fact]
    public async Task Push_ValidToken_RepoUpdatedOnPushCalledAndLogStreamed()
    {
        var work = _dir.File("work");
        var sha = await _git.InitWithCommitAsync(work, ("Dockerfile", "FROM hiy-test/busybox\n"));

        var push = await _git.TryAsync(work, [.. AuthConfig(), "push", Url(), "main"]);

        Assert.True(push.Succeeded, push.StdErr);
        Assert.Equal(sha, await _git.RunAsync(_dir.File("repos/myapp.git"), "rev-parse", "refs/heads/main"));
        Assert.Equal([("myapp", "main", sha)], _pushes.ToArray());
        Assert.Contains("remote: -----> Deploying myapp at " + sha[..12] + " (deploy 7)", push.StdErr);
        Assert.Contains("remote: -----> Building image hiy/myapp (deploy 7)", push.StdErr);
        Assert.Contains("remote: Step 1/2 : FROM hiy-test/busybox", push.StdErr);
        Assert.Contains("remote: -----> myapp is live at http://myapp.example.test", push.StdErr);
    }

    [Fact]
    public async Task Push_TokenInUrl_SecondPushAndOtherBranchToo()
    {
        var work = _dir.File("work2");
        await _git.InitWithCommitAsync(work, ("a.txt", "1"));
        var url = _base.Replace("http://", "http://hiy:" + Token + "@", StringComparison.Ordinal) + "/git/myapp.git";
        Assert.True((await _git.TryAsync(work, "push", url, "main")).Succeeded);

        var second = await _git.CommitAsync(work, "second", ("a.txt", "2"));
        await _git.RunAsync(work, "branch", "wip");
        var push = await _git.TryAsync(work, "push", url, "main", "wip");

        Assert.True(push.Succeeded, push.StdErr);
        Assert.Contains(("myapp", "main", second), _pushes);
        Assert.Contains(("myapp", "wip", second), _pushes);
        Assert.Contains("remote: -----> branch 'wip' is not deployed; myapp deploys 'main'", push.StdErr);
    }

    [Fact]
    public async Task Push_DeployFails_OutputStreamsLiveThenRejectedAndRefUnchanged()
    {
        var work = _dir.File("work7");
        await _git.InitWithCommitAsync(work, ("a.txt", "1"));
        await _git.RunAsync(work, "branch", "-m", "live");

        var push = await _git.TryAsync(work, line =>
        {
            if (line.Contains("remote: first live line", StringComparison.Ordinal))
                _firstLineSeen.TrySetResult();
        }, [.. AuthConfig(), "push", Url(), "live"]);

        // The deploy ran from pre-receive: its failure refuses the push and the branch never appears.
        Assert.False(push.Succeeded, push.StdErr);
        Assert.Contains("remote: after the pusher saw the first line", push.StdErr);
        Assert.DoesNotContain("NOT STREAMED", push.StdErr);
        Assert.Contains("remote:  !     deploy 8 failed: health check failed: GET / answered 502", push.StdErr);
        Assert.Contains("! [remote rejected] live -> live", push.StdErr);
        var refs = await _git.TryAsync(null, [.. AuthConfig(), "ls-remote", Url()]);
        Assert.True(refs.Succeeded, refs.StdErr);
        Assert.DoesNotContain("refs/heads/live", refs.StdOut);
        Assert.Empty(Directory.GetFileSystemEntries(_dir.File("pushes")));
    }

    [Fact]
    public async Task Push_RepoWithOldPostReceiveHook_MigratedToPreReceive()
    {
        var work = _dir.File("work10");
        await _git.InitWithCommitAsync(work, ("a.txt", "1"));
        Assert.True((await _git.TryAsync(work, [.. AuthConfig(), "push", Url(), "main"])).Succeeded);
        var hooks = _dir.File("repos/myapp.git/hooks");
        // What an older hiy left: a post-receive relay and no pre-receive.
        File.Delete(Path.Combine(hooks, "pre-receive"));
        await File.WriteAllTextAsync(Path.Combine(hooks, "post-receive"), "#!/bin/sh\necho old hook\n");
        File.SetUnixFileMode(Path.Combine(hooks, "post-receive"), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);

        await _git.CommitAsync(work, "second", ("a.txt", "2"));
        var push = await _git.TryAsync(work, [.. AuthConfig(), "push", Url(), "main"]);

        Assert.True(push.Succeeded, push.StdErr);
        Assert.DoesNotContain("old hook", push.StdErr);
        Assert.False(File.Exists(Path.Combine(hooks, "post-receive")));
        Assert.Equal(PushRelay.HookScript, await File.ReadAllTextAsync(Path.Combine(hooks, "pre-receive")));
        Assert.Contains("remote: -----> myapp is live at http://myapp.example.test", push.StdErr);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task ReceivePack_ContentLengthLargerThanBody_4xxQuicklyAndNoGitLeft(bool clientHalfCloses)
    {
        var work = _dir.File(clientHalfCloses ? "work11" : "work12");
        var sha = await _git.InitWithCommitAsync(work, ("a.txt", "1"));
        Assert.True((await _git.TryAsync(work, [.. AuthConfig(), "push", Url(), "main"])).Succeeded);
        var uri = new Uri(_base);
        using var tcp = new System.Net.Sockets.TcpClient();
        await tcp.ConnectAsync(uri.Host, uri.Port);
        var stream = tcp.GetStream();
        // The start of a real command list (one pkt-line), then nothing of the 100000 bytes announced.
        var command = $"{sha} {new string('1', 40)} refs/heads/main\0report-status\n";
        var pkt = (command.Length + 4).ToString("x4", System.Globalization.CultureInfo.InvariantCulture) + command;
        var auth = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes("hiy:" + Token));
        var head = "POST /git/myapp.git/git-receive-pack HTTP/1.1\r\nHost: " + uri.Authority + "\r\nAuthorization: Basic " + auth
            + "\r\nContent-Type: application/x-git-receive-pack-request\r\nContent-Length: 100000\r\n\r\n";
        await stream.WriteAsync(System.Text.Encoding.ASCII.GetBytes(head + pkt));
        var sw = System.Diagnostics.Stopwatch.StartNew();
        if (clientHalfCloses)
            tcp.Client.Shutdown(System.Net.Sockets.SocketShutdown.Send);

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var answer = new System.Text.StringBuilder();
        var buffer = new byte[4096];
        try
        {
            int n;
            while (!answer.ToString().Contains("\r\n\r\n", StringComparison.Ordinal) && (n = await stream.ReadAsync(buffer, timeout.Token)) > 0)
                answer.Append(System.Text.Encoding.ASCII.GetString(buffer, 0, n));
        }
        catch (OperationCanceledException)
        {
            Assert.Fail($"no answer within 20 s; got: {answer}");
        }
        var status = answer.ToString().Split(' ', 3) is [_, var code, ..] ? int.Parse(code, System.Globalization.CultureInfo.InvariantCulture) : 0;
        output.WriteLine($"half-close {clientHalfCloses}: {(status == 0 ? "connection closed" : status.ToString(System.Globalization.CultureInfo.InvariantCulture))} after {sw.Elapsed.TotalSeconds:0.00} s");
        if (clientHalfCloses)
        {
            // Kestrel takes a client's FIN for the end of the connection (HTTP/1.1 has no half-close), so
            // there is nobody left to answer: the request must end at once, and take git with it.
            Assert.True(status == 0 || status is >= 400 and < 500, answer.ToString());
            Assert.True(sw.Elapsed < TimeSpan.FromSeconds(5), $"ended after {sw.Elapsed}");
        }
        else
        {
            // Left open: Kestrel's minimum data rate (240 B/s after a 5 s grace) ends the body, and hiy answers.
            Assert.InRange(status, 400, 499);
            Assert.True(sw.Elapsed < TimeSpan.FromSeconds(15), $"answered {status} after {sw.Elapsed}");
        }

        var left = await GitProcesses.WaitGoneAsync(_dir.File("repos"), TimeSpan.FromSeconds(5));
        Assert.True(left.Count == 0, "git processes left: " + string.Join("; ", left));
        Assert.Equal(sha, await _git.RunAsync(_dir.File("repos/myapp.git"), "rev-parse", "refs/heads/main"));
    }

    [Fact]
    public async Task Push_BranchDeletion_NoDeploy()
    {
        var work = _dir.File("work8");
        await _git.InitWithCommitAsync(work, ("a.txt", "1"));
        await _git.RunAsync(work, "branch", "old");
        Assert.True((await _git.TryAsync(work, [.. AuthConfig(), "push", Url(), "main", "old"])).Succeeded);
        var before = _pushes.Count;

        var push = await _git.TryAsync(work, [.. AuthConfig(), "push", Url(), ":old"]);

        Assert.True(push.Succeeded, push.StdErr);
        Assert.Equal(before, _pushes.Count);
        Assert.Contains("remote: -----> branch 'old' deleted: nothing to deploy", push.StdErr);
    }

    [Fact]
    public async Task Push_RejectedSoHookNeverRuns_EndsWithoutHanging()
    {
        var work = _dir.File("work9");
        await _git.InitWithCommitAsync(work, ("a.txt", "1"));
        await _git.RunAsync(work, "branch", "keep");
        Assert.True((await _git.TryAsync(work, [.. AuthConfig(), "push", Url(), "main", "keep"])).Succeeded);
        await _git.RunAsync(_dir.File("repos/myapp.git"), "config", "receive.denyDeletes", "true");

        var push = await _git.TryAsync(work, [.. AuthConfig(), "push", Url(), ":keep"]);

        Assert.False(push.Succeeded);
        Assert.Contains("deletion prohibited", push.StdErr);
        Assert.Empty(Directory.GetFileSystemEntries(_dir.File("pushes")));
    }

    [Theory]
    [InlineData("Content-Type: application/x-git-receive-pack-result\r\n\r\nBODY", 200, "Content-Type=application/x-git-receive-pack-result", "BODY")]
    [InlineData("Status: 403 Forbidden\nContent-Type: text/plain\n\nno", 403, "Content-Type=text/plain", "no")]
    [InlineData("Status: 404\r\nExpires: Fri, 01 Jan 1980 00:00:00 GMT\r\nPragma: no-cache\r\n\r\n", 404, "Expires=Fri, 01 Jan 1980 00:00:00 GMT;Pragma=no-cache", "")]
    public void TryParse_CgiHeaderBlock_StatusHeadersAndBody(string raw, int status, string headers, string body)
    {
        var bytes = System.Text.Encoding.ASCII.GetBytes(raw.Replace("\\r", "\r", StringComparison.Ordinal).Replace("\\n", "\n", StringComparison.Ordinal));
        var parsed = CgiResponse.TryParse(bytes);
        Assert.NotNull(parsed);
        var (response, start) = parsed.Value;
        Assert.Equal(status, response.Status);
        Assert.Equal(headers, string.Join(';', response.Headers.Select(h => h.Key + "=" + h.Value)));
        Assert.Equal(body, System.Text.Encoding.ASCII.GetString(bytes[start..]));
    }

    [Fact]
    public void TryParse_IncompleteHeaderBlock_Null() =>
        Assert.Null(CgiResponse.TryParse("Content-Type: text/plain\r\n"u8));

    [Fact]
    public async Task Push_WrongToken_FailsWith401AndNoDeploy()
    {
        var work = _dir.File("work3");
        await _git.InitWithCommitAsync(work, ("a.txt", "1"));
        var url = _base.Replace("http://", "http://hiy:wrong-token@", StringComparison.Ordinal) + "/git/myapp.git";

        var push = await _git.TryAsync(work, "push", url, "main");

        Assert.False(push.Succeeded);
        Assert.True(push.StdErr.Contains("Authentication failed", StringComparison.Ordinal) || push.StdErr.Contains("401", StringComparison.Ordinal), push.StdErr);
        Assert.Empty(_pushes);
        Assert.False(Directory.Exists(_dir.File("repos/myapp.git")));
    }

    [Fact]
    public async Task Push_NoCredentials_Fails()
    {
        var work = _dir.File("work4");
        await _git.InitWithCommitAsync(work, ("a.txt", "1"));
        var push = await _git.TryAsync(work, "push", Url(), "main");
        Assert.False(push.Succeeded);
        Assert.Empty(_pushes);
    }

    [Fact]
    public async Task Push_UnknownApp_NotFound()
    {
        var work = _dir.File("work5");
        await _git.InitWithCommitAsync(work, ("a.txt", "1"));
        var push = await _git.TryAsync(work, [.. AuthConfig(), "push", Url("ghost"), "main"]);
        Assert.False(push.Succeeded);
        Assert.Contains("not found", push.StdErr);
    }

    [Fact]
    public async Task Clone_AfterPush_GetsTheCommit()
    {
        var work = _dir.File("work6");
        var sha = await _git.InitWithCommitAsync(work, ("a.txt", "1"));
        Assert.True((await _git.TryAsync(work, [.. AuthConfig(), "push", Url(), "main"])).Succeeded);

        var clone = _dir.File("clone");
        var result = await _git.TryAsync(null, [.. AuthConfig(), "clone", "--quiet", Url(), clone]);

        Assert.True(result.Succeeded, result.StdErr);
        Assert.Equal(sha, await _git.RunAsync(clone, "rev-parse", "HEAD"));
    }

    [Fact]
    public async Task Clone_NoRepositoryYet_Fails()
    {
        var result = await _git.TryAsync(null, [.. AuthConfig(), "clone", "--quiet", Url("fresh"), _dir.File("clone2")]);
        Assert.False(result.Succeeded);
        Assert.False(Directory.Exists(_dir.File("repos/fresh.git")));
    }

    [Theory]
    [InlineData("GET", "/git/myapp.git/info/refs", "git-upload-pack", "myapp", GitService.UploadPack, true)]
    [InlineData("GET", "/git/myapp/info/refs", "git-receive-pack", "myapp", GitService.ReceivePack, true)]
    [InlineData("POST", "/git/myapp.git/git-receive-pack", null, "myapp", GitService.ReceivePack, false)]
    [InlineData("POST", "/git/myapp.git/git-upload-pack", null, "myapp", GitService.UploadPack, false)]
    public void Parse_SmartHttpPath_Accepted(string method, string path, string? service, string app, GitService expected, bool advertisement)
    {
        var r = GitRequest.Parse(method, path, service);
        Assert.NotNull(r);
        Assert.Equal((app, expected, advertisement), (r.App, r.Service, r.Advertisement));
    }

    [Theory]
    [InlineData("GET", "/git/myapp.git/HEAD", null)]
    [InlineData("GET", "/git/myapp.git/objects/info/packs", null)]
    [InlineData("GET", "/git/myapp.git/info/refs", null)]
    [InlineData("GET", "/git/myapp.git/info/refs", "git-upload-archive")]
    [InlineData("GET", "/git/myapp.git/git-receive-pack", null)]
    [InlineData("POST", "/git/../etc.git/git-receive-pack", null)]
    [InlineData("POST", "/git/My_App.git/git-receive-pack", null)]
    [InlineData("POST", "/git/myapp.git", null)]
    [InlineData("POST", "/other/myapp.git/git-receive-pack", null)]
    public void Parse_Other_Null(string method, string path, string? service) => Assert.Null(GitRequest.Parse(method, path, service));
}
