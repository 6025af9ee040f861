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

    /// <summary>Checks out exactly <paramref name="sha"/>: <c>git init</c>, <c>fetch --depth=1 origin &lt;sha&gt;</c>, checkout.</summary>
    public async Task<string> FetchShaAsync(string app, string url, string sha, string directory, CancellationToken ct = default)
    {
        if (!IsSha(sha))
            throw new BuildException(app, $"'{sha}' is not a commit sha (40 hex digits)");
        Directory.CreateDirectory(directory);
        var what = $"git fetch {Redact(url)} {sha}";
        await RunAsync(app, what, ["init", "--quiet", directory], null, url, ct).ConfigureAwait(false);
        await RunAsync(app, what, ["remote", "add", "origin", url], directory, url, ct).ConfigureAwait(false);
        await RunAsync(app, what, ["fetch", "--quiet", "--depth=1", "--no-tags", "origin", sha], directory, url, ct).ConfigureAwait(false);
        await RunAsync(app, what, ["checkout", "--quiet", "--detach", "FETCH_HEAD"], directory, url, ct).ConfigureAwait(false);
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
