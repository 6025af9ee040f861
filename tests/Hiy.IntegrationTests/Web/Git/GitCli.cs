using Hiy.Core;

namespace Hiy.Tests.Web.Git;

/// <summary>The real git CLI for tests, isolated from the user's and system's configuration.</summary>
public sealed class GitCli(string home)
{
    private static readonly ProcessRunner Runner = new();

    public Dictionary<string, string?> Env { get; } = new(StringComparer.Ordinal)
    {
        ["HOME"] = home,
        ["XDG_CONFIG_HOME"] = home,
        ["GIT_CONFIG_NOSYSTEM"] = "1",
        ["GIT_TERMINAL_PROMPT"] = "0",
        ["GIT_AUTHOR_NAME"] = "hiy test",
        ["GIT_AUTHOR_EMAIL"] = "test@hiy.invalid",
        ["GIT_COMMITTER_NAME"] = "hiy test",
        ["GIT_COMMITTER_EMAIL"] = "test@hiy.invalid",
        ["NO_PROXY"] = "127.0.0.1",
        ["no_proxy"] = "127.0.0.1",
        ["http_proxy"] = null,
        ["https_proxy"] = null,
        ["HTTP_PROXY"] = null,
    };

    public Task<ProcessResult> TryAsync(string? cwd, params string[] args) => TryAsync(cwd, null, args);

    /// <summary>Runs git; <paramref name="onLine"/> sees each output line as it is written.</summary>
    public Task<ProcessResult> TryAsync(string? cwd, Action<string>? onLine, params string[] args) =>
        Runner.RunAsync("git", ["-c", "credential.helper=", "-c", "init.defaultBranch=main", .. args], cwd, Env,
            onLine: onLine, timeout: TimeSpan.FromMinutes(2));

    public async Task<string> RunAsync(string? cwd, params string[] args)
    {
        var result = await TryAsync(cwd, args);
        Assert.True(result.Succeeded, $"git {string.Join(' ', args)} → {result.ExitCode}\n{result.StdErr}");
        return result.StdOut.Trim();
    }

    /// <summary>A new repository with one commit of <paramref name="files"/>; returns the commit sha.</summary>
    public async Task<string> InitWithCommitAsync(string dir, params (string Path, string Content)[] files)
    {
        Directory.CreateDirectory(dir);
        await RunAsync(dir, "init", "--quiet");
        return await CommitAsync(dir, "first", files);
    }

    public async Task<string> CommitAsync(string dir, string message, params (string Path, string Content)[] files)
    {
        foreach (var (path, content) in files)
        {
            var full = Path.Combine(dir, path);
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            await File.WriteAllTextAsync(full, content);
        }
        await RunAsync(dir, "add", "--all");
        await RunAsync(dir, "commit", "--quiet", "-m", message);
        return await RunAsync(dir, "rev-parse", "HEAD");
    }
}
