using Hiy.Core;

namespace Hiy.Tests.Builds;

/// <summary>A real local git repository the tests commit to and `git push` to hiy.</summary>
public sealed class AppRepo : IDisposable
{
    private readonly TempDir _dir = new();
    private readonly ProcessRunner _runner = new();

    public string Path => _dir.Path;

    public static async Task<AppRepo> CreateAsync()
    {
        var repo = new AppRepo();
        await repo.GitAsync("init", "-q", "-b", "main");
        await repo.GitAsync("config", "user.email", "test@hiy.invalid");
        await repo.GitAsync("config", "user.name", "hiy test");
        return repo;
    }

    /// <summary>The page app: busybox httpd serving <paramref name="body"/> (and the env it was started with) on $PORT.</summary>
    public static string PageDockerfile(string body) => $$"""
        FROM hiy-test/busybox
        RUN mkdir -p /www && echo "{{body}}" > /www/index.html
        EXPOSE 8080
        CMD ["sh", "-c", "echo \"app starting with GREETING=$GREETING\"; echo \"$GREETING\" > /www/greeting.txt; exec httpd -f -p $PORT -h /www"]
        """;

    public async Task CommitAsync(string message, params (string Path, string Content)[] files)
    {
        foreach (var (path, content) in files)
        {
            var full = System.IO.Path.Combine(Path, path);
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
            await File.WriteAllTextAsync(full, content);
        }
        await GitAsync("add", "-A");
        await GitAsync("commit", "-q", "-m", message);
    }

    /// <summary>git push to hiy; returns git's output (the build log arrives as "remote:" lines).</summary>
    public async Task<ProcessResult> PushAsync(Uri hiy, string app, string token, string branch = "main")
    {
        var url = $"http://hiy:{token}@{hiy.Host}:{hiy.Port}/git/{app}.git";
        return await _runner.RunAsync("git", ["-C", Path, "push", url, $"{branch}:{branch}"], timeout: TimeSpan.FromMinutes(4),
            environment: new Dictionary<string, string?> { ["GIT_TERMINAL_PROMPT"] = "0" });
    }

    /// <summary>The sha hiy's repository has for <paramref name="branch"/> (git ls-remote), or null when it has none.</summary>
    public async Task<string?> RemoteShaAsync(Uri hiy, string app, string token, string branch = "main")
    {
        var url = $"http://hiy:{token}@{hiy.Host}:{hiy.Port}/git/{app}.git";
        var r = await _runner.RunAsync("git", ["-C", Path, "ls-remote", url, "refs/heads/" + branch], timeout: TimeSpan.FromMinutes(1),
            environment: new Dictionary<string, string?> { ["GIT_TERMINAL_PROMPT"] = "0" });
        Assert.True(r.Succeeded, $"git ls-remote: {r.StdErr}");
        return r.StdOut.Split('\t', 2) is [{ Length: 40 } sha, _] ? sha : null;
    }

    public async Task<string> HeadAsync() => (await GitAsync("rev-parse", "HEAD")).Trim();

    private async Task<string> GitAsync(params string[] args)
    {
        var r = await _runner.RunAsync("git", ["-C", Path, .. args]);
        Assert.True(r.Succeeded, $"git {string.Join(' ', args)}: {r.StdErr}");
        return r.StdOut;
    }

    public void Dispose() => _dir.Dispose();
}
