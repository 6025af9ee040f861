using Hiy.Builds;
using Hiy.Core;
using Hiy.Tests.Web.Git;

namespace Hiy.Tests.Builds;

/// <summary>GitSource against the real git and local bare repositories (path and file:// URLs).</summary>
public sealed class GitSourceTests : IAsyncLifetime, IDisposable
{
    private readonly TempDir _dir = new();
    private readonly GitSource _source = new(new ProcessRunner());
    private GitCli _git = null!;
    private string _bare = "";
    private string _first = "";
    private string _second = "";

    public async Task InitializeAsync()
    {
        _git = new GitCli(_dir.File("home"));
        Directory.CreateDirectory(_dir.File("home"));
        var work = _dir.File("work");
        _first = await _git.InitWithCommitAsync(work, ("index.html", "v1"));
        _second = await _git.CommitAsync(work, "second", ("index.html", "v2"));
        await _git.RunAsync(work, "branch", "staging", _first);
        _bare = _dir.File("origin.git");
        await _git.RunAsync(null, "clone", "--quiet", "--bare", work, _bare);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task CloneAsync_Branch_ShallowCheckoutOfHead()
    {
        var dir = _dir.File("c1");
        var sha = await _source.CloneAsync("blog", "file://" + _bare, "main", dir);
        Assert.Equal(_second, sha);
        Assert.Equal("v2", await File.ReadAllTextAsync(Path.Combine(dir, "index.html")));
        Assert.Equal("1", await _git.RunAsync(dir, "rev-list", "--count", "HEAD"));
    }

    [Fact]
    public async Task CloneAsync_FileUrlOtherBranch_ChecksItOut()
    {
        var sha = await _source.CloneAsync("blog", "file://" + _bare, "staging", _dir.File("c2"));
        Assert.Equal(_first, sha);
    }

    [Fact]
    public async Task CloneAsync_MissingBranch_ErrorNamesAppRepoAndGitStderr()
    {
        var e = await Assert.ThrowsAsync<BuildException>(() => _source.CloneAsync("blog", _bare, "nope", _dir.File("c3")));
        Assert.StartsWith($"app 'blog': git clone {_bare} (branch nope): exit code 128: ", e.Message);
        Assert.Contains("nope", e.Message[40..]);
    }

    [Fact]
    public async Task CloneAsync_CredentialsInUrl_RedactedInError()
    {
        var e = await Assert.ThrowsAsync<BuildException>(() =>
            _source.CloneAsync("blog", "http://user:sekrit-token@127.0.0.1:9/x.git", "main", _dir.File("c4")));
        Assert.DoesNotContain("sekrit-token", e.Message);
        Assert.Contains("http://***@127.0.0.1:9/x.git", e.Message);
    }

    [Fact]
    public async Task FetchShaAsync_OlderCommit_ExactlyThatCommit()
    {
        var dir = _dir.File("f1");
        var sha = await _source.FetchShaAsync("blog", "file://" + _bare, _first, dir);
        Assert.Equal(_first, sha);
        Assert.Equal("v1", await File.ReadAllTextAsync(Path.Combine(dir, "index.html")));
    }

    [Fact]
    public async Task FetchShaAsync_NotASha_Refused() =>
        await Assert.ThrowsAsync<BuildException>(() => _source.FetchShaAsync("blog", _bare, "--upload-pack=x", _dir.File("f2")));

    [Fact]
    public async Task LsRemoteAsync_Branches_HeadShaOrNull()
    {
        Assert.Equal(_second, await _source.LsRemoteAsync("blog", _bare, "main"));
        Assert.Equal(_first, await _source.LsRemoteAsync("blog", "file://" + _bare, "staging"));
        Assert.Null(await _source.LsRemoteAsync("blog", _bare, "missing"));
    }

    [Fact]
    public async Task LsRemoteAsync_NoRepository_BuildException()
    {
        var e = await Assert.ThrowsAsync<BuildException>(() => _source.LsRemoteAsync("blog", _dir.File("none.git"), "main"));
        Assert.StartsWith("app 'blog': git ls-remote ", e.Message);
    }

    [Theory]
    [InlineData("-x")]
    [InlineData("a..b")]
    [InlineData("a b")]
    public async Task CloneAsync_BadBranch_Refused(string branch) =>
        await Assert.ThrowsAsync<BuildException>(() => _source.CloneAsync("blog", _bare, branch, _dir.File("c5")));
}
