using System.Text.RegularExpressions;
using Hiy.Core;

namespace Hiy.Builds;

/// <summary>
/// Fetches app sources with the real <c>git</c> CLI through <see cref="ProcessRunner"/>. Shallow on
/// purpose: a Pi's SD card and bandwidth should not carry history the build never reads. Errors are
/// <see cref="BuildException"/>s naming the app and the repository (credentials masked) with git's stderr.
/// </summary>
public sealed partial class GitSource(ProcessRunner runner, string git = "git", TimeSpan? timeout = null)
{
    private readonly TimeSpan _timeout = timeout ?? TimeSpan.FromMinutes(10);

    /// <summary>Never prompt (there is no terminal) and never pick up a user's ~/.gitconfig surprises.</summary>
    private static readonly Dictionary<string, string?> Env = new(StringComparer.Ordinal)
    {
        ["GIT_TERMINAL_PROMPT"] = "0",
        ["GIT_CONFIG_NOSYSTEM"] = "1",
        ["LC_ALL"] = "C",
    };

    /// <summary><c>git clone --depth=1 --branch</c> into a new directory; returns the checked-out sha.</summary>
    public async Task<string> CloneAsync(string app, string url, string branch, string directory, CancellationToken ct = default)
    {
        CheckRef(app, branch);
        await RunAsync(app, $"git clone {Redact(url)} (branch {branch})",
            ["clone", "--quiet", "--depth=1", "--single-branch", "--no-tags", "--branch", branch, "--", url, directory], null, url, ct)
            .ConfigureAwait(false);
        return await HeadShaAsync(app, directory, ct).ConfigureAwait(false);
    }

    private readonly Lock _pushedLock = new();
    private readonly List<PushedCommit> _pushed = [];

    /// <summary>A commit a push is offering, readable only through the push's quarantine until git accepts it.</summary>
    private sealed record PushedCommit(string Repo, string Sha, string? Quarantine);

    /// <summary>
    /// Makes <paramref name="sha"/>, pushed to the bare repository <paramref name="repo"/> and still in the
    /// push's quarantine (git-receive-pack(1) "QUARANTINE ENVIRONMENT": the objects stay in
    /// <c>objects/tmp_objdir-incoming-*</c> until the pre-receive hook accepts), readable by
    /// <see cref="FetchShaAsync"/> until the returned handle is disposed. <paramref name="quarantine"/> is
    /// null when the push brought no new objects (the commit is in the repository already).
    /// </summary>
    /// <remarks>
    /// hiy reads the quarantine itself rather than having the hook export the tree: the build keeps its one
    /// way in (a checkout by git, so .gitattributes, submodule links and modes behave as in any other deploy),
    /// the hook stays a few lines of sh, and nothing is written while the push is undecided but the work dir
    /// the build deletes anyway.
    /// </remarks>
    public IDisposable StagePush(string repo, string sha, string? quarantine)
    {
        var pushed = new PushedCommit(Path.GetFullPath(repo), sha, quarantine is null ? null : Path.GetFullPath(quarantine));
        lock (_pushedLock)
            _pushed.Add(pushed);
        return new Unstage(this, pushed);
    }

    private sealed class Unstage(GitSource source, PushedCommit pushed) : IDisposable
    {
        public void Dispose()
        {
            lock (source._pushedLock)
                source._pushed.Remove(pushed);
        }
    }

    private PushedCommit? FindPushed(string url, string sha)
    {
        if (!Path.IsPathFullyQualified(url))
            return null;
        var repo = Path.GetFullPath(url);
        lock (_pushedLock)
            return _pushed.FindLast(p => p.Sha == sha && p.Repo == repo);
    }

    /// <summary>
    /// Checks out exactly <paramref name="sha"/>: <c>git init</c>, <c>fetch --depth=1 origin &lt;sha&gt;</c>, checkout;
    /// for a commit a push is offering (<see cref="StagePush"/>), a checkout that reads the objects in place.
    /// </summary>
    public async Task<string> FetchShaAsync(string app, string url, string sha, string directory, CancellationToken ct = default)
    {
        if (!IsSha(sha))
            throw new BuildException(app, $"'{sha}' is not a commit sha (40 hex digits)");
        Directory.CreateDirectory(directory);
        if (FindPushed(url, sha) is { } pushed)
            return await CheckoutPushedAsync(app, pushed, directory, ct).ConfigureAwait(false);
        var what = $"git fetch {Redact(url)} {sha}";
        await RunAsync(app, what, ["init", "--quiet", directory], null, url, ct).ConfigureAwait(false);
        await RunAsync(app, what, ["remote", "add", "origin", url], directory, url, ct).ConfigureAwait(false);
        await RunAsync(app, what, ["fetch", "--quiet", "--depth=1", "--no-tags", "origin", sha], directory, url, ct).ConfigureAwait(false);
        await RunAsync(app, what, ["checkout", "--quiet", "--detach", "FETCH_HEAD"], directory, url, ct).ConfigureAwait(false);
        return await HeadShaAsync(app, directory, ct).ConfigureAwait(false);
    }

    /// <summary>
    /// A work tree whose object store borrows the quarantine's and the repository's (gitrepository-layout(5)
    /// <c>objects/info/alternates</c>): a fetch cannot serve it, as <c>git fetch</c> drops the quarantine's
    /// environment when it starts upload-pack, and the commit is not at any ref tip yet.
    /// </summary>
    private async Task<string> CheckoutPushedAsync(string app, PushedCommit pushed, string directory, CancellationToken ct)
    {
        var what = $"git checkout of pushed {pushed.Sha}";
        await RunAsync(app, what, ["init", "--quiet", directory], null, null, ct).ConfigureAwait(false);
        var stores = new List<string>();
        if (pushed.Quarantine is { } q)
            stores.Add(q);
        stores.Add(Path.Combine(pushed.Repo, "objects"));
        var info = Directory.CreateDirectory(Path.Combine(directory, ".git", "objects", "info")).FullName;
        await File.WriteAllTextAsync(Path.Combine(info, "alternates"), string.Join('\n', stores) + "\n", ct)
            .ConfigureAwait(false);
        await RunAsync(app, what, ["checkout", "--quiet", "--detach", pushed.Sha], directory, null, ct).ConfigureAwait(false);
        return await HeadShaAsync(app, directory, ct).ConfigureAwait(false);
    }

    /// <summary>The sha <c>refs/heads/&lt;branch&gt;</c> points at on the remote, or null when the branch does not exist.</summary>
    public async Task<string?> LsRemoteAsync(string app, string url, string branch, CancellationToken ct = default)
    {
        CheckRef(app, branch);
        var result = await RunAsync(app, $"git ls-remote {Redact(url)} {branch}",
            ["ls-remote", "--", url, "refs/heads/" + branch], null, url, ct).ConfigureAwait(false);
        return ParseLsRemote(result.StdOut, "refs/heads/" + branch);
    }

    /// <summary>The sha of HEAD in a checkout.</summary>
    public async Task<string> HeadShaAsync(string app, string directory, CancellationToken ct = default)
    {
        var result = await RunAsync(app, "git rev-parse HEAD", ["rev-parse", "HEAD"], directory, null, ct).ConfigureAwait(false);
        var sha = result.StdOut.Trim();
        return IsSha(sha) ? sha : throw new BuildException(app, $"git rev-parse HEAD: unexpected output '{sha}'");
    }

    internal static string? ParseLsRemote(string output, string fullRef)
    {
        foreach (var line in output.Split('\n'))
        {
            var tab = line.IndexOf('\t');
            if (tab == 40 && line[(tab + 1)..].TrimEnd('\r') == fullRef && IsSha(line[..tab]))
                return line[..tab];
        }
        return null;
    }

    public static bool IsSha(string value) => value.Length == 40 && value.All(char.IsAsciiHexDigitLower);

    /// <summary>Masks the userinfo of a URL (<c>https://user:token@host/…</c> → <c>https://***@host/…</c>).</summary>
    public static string Redact(string text) => UserInfo().Replace(text, "$1***@");

    [GeneratedRegex(@"([a-zA-Z][a-zA-Z0-9+.-]*://)[^/@\s]+@")]
    private static partial Regex UserInfo();

    private static void CheckRef(string app, string branch)
    {
        // Belt and braces next to ArgumentList: a ref must not read as an option or contain git's specials.
        if (branch.Length == 0 || branch.StartsWith('-') || branch.Contains("..", StringComparison.Ordinal)
            || branch.Any(c => char.IsControl(c) || c is ' ' or '~' or '^' or ':' or '?' or '*' or '[' or '\\'))
            throw new BuildException(app, $"'{branch}' is not a valid branch name");
    }

    private async Task<ProcessResult> RunAsync(string app, string what, string[] args, string? cwd, string? url, CancellationToken ct)
    {
        ProcessResult result;
        try
        {
            result = await runner.RunAsync(git, args, cwd, Env, timeout: _timeout, cancellationToken: ct).ConfigureAwait(false);
        }
        catch (ProcessRunException e)
        {
            throw new BuildException(app, $"{what}: {Redact(e.Message)}", e);
        }
        if (result.Succeeded)
            return result;
        var stderr = Redact(result.StdErr.Trim());
        if (url is not null && url != Redact(url))
            stderr = stderr.Replace(url, Redact(url), StringComparison.Ordinal);
        throw new BuildException(app, $"{what}: exit code {result.ExitCode}: {(stderr.Length == 0 ? "(no output)" : stderr)}");
    }
}
