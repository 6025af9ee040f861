namespace Hiy.Tests.Web.Git;

/// <summary>The git processes (of this user) working on a repositories root, found in /proc.</summary>
public static class GitProcesses
{
    /// <summary>
    /// Processes whose cwd is under <paramref name="reposRoot"/> (receive-pack, index-pack, hooks) or whose
    /// environment names it as GIT_PROJECT_ROOT (http-backend), as "pid: cmdline".
    /// </summary>
    public static List<string> Under(string reposRoot)
    {
        var root = Path.GetFullPath(reposRoot);
        var found = new List<string>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid) || pid == Environment.ProcessId)
                continue;
            try
            {
                var cwd = new DirectoryInfo(Path.Combine(dir, "cwd")).LinkTarget ?? "";
                var environ = File.ReadAllText(Path.Combine(dir, "environ"));
                if (cwd == root || cwd.StartsWith(root + "/", StringComparison.Ordinal)
                    || environ.Contains("GIT_PROJECT_ROOT=" + root + "\0", StringComparison.Ordinal))
                    found.Add($"{pid}: {File.ReadAllText(Path.Combine(dir, "cmdline")).Replace('\0', ' ').Trim()}");
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // gone meanwhile, a zombie, or another user's
            }
        }
        return found;
    }

    /// <summary>Polls <see cref="Under"/> until it is empty or <paramref name="timeout"/> passes; returns what is left.</summary>
    public static async Task<List<string>> WaitGoneAsync(string reposRoot, TimeSpan timeout)
    {
        var until = DateTime.UtcNow + timeout;
        List<string> left;
        while ((left = Under(reposRoot)).Count > 0 && DateTime.UtcNow < until)
            await Task.Delay(100);
        return left;
    }
}
