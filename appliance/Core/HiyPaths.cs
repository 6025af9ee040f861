namespace Hiy.Core;

/// <summary>
/// Builds every filesystem path hiy uses, all below the data directory. Each caller-supplied segment
/// passes <see cref="Segment"/>, so no name from the outside can climb out with ".." or a separator.
/// </summary>
public sealed class HiyPaths
{
    public HiyPaths(string dataDir)
    {
        if (string.IsNullOrWhiteSpace(dataDir))
            throw new ArgumentException("data_dir must not be empty", nameof(dataDir));
        DataDir = Path.GetFullPath(dataDir);
    }

    public string DataDir { get; }
    public string Database => Path.Combine(DataDir, "hiy.db");
    public string MasterKey => Path.Combine(DataDir, "master.key");
    public string Builds => Path.Combine(DataDir, "builds");
    public string Sites => Path.Combine(DataDir, "sites");
    public string Backups => Path.Combine(DataDir, "backups");
    public string Tmp => Path.Combine(DataDir, "tmp");
    /// <summary>Bare repositories that <c>git push</c> to hiy lands in.</summary>
    public string GitRepos => Path.Combine(DataDir, "git");
    /// <summary>Per-push FIFOs between a post-receive hook and hiy (needs a filesystem with FIFOs: the data dir).</summary>
    public string GitPushes => Path.Combine(Tmp, "git-push");
    /// <summary>Shared with the root-side hiy-ops script: its status files, staged binaries, SSH keys.</summary>
    public string Ops => Path.Combine(DataDir, "ops");

    /// <summary>The space <c>Store/DiskGuard</c> holds while the disk has room and gives up when it fills.</summary>
    public string DiskReserve => Path.Combine(DataDir, ".disk-reserve");

    /// <summary>The bare repository <c>git push</c> to <c>/git/&lt;app&gt;.git</c> lands in.</summary>
    public string GitRepo(string app) => Path.Combine(GitRepos, Segment(app + ".git"));

    /// <summary>The app's build work dirs (one per deploy below it).</summary>
    public string AppBuilds(string app) => Path.Combine(Builds, Segment(app));

    /// <summary>The app's (or site's) static-site versions and its live link.</summary>
    public string SiteDir(string site) => Path.Combine(Sites, Segment(site));

    public string BuildWorkDir(string app, long deployId) =>
        Path.Combine(Builds, Segment(app), deployId.ToString(System.Globalization.CultureInfo.InvariantCulture));

    public string SiteVersionDir(string site, string version) =>
        Path.Combine(Sites, Segment(site), "versions", Segment(version));

    /// <summary>
    /// Validates one path segment: non-empty, no separators, not "." or "..", no NUL, no control characters.
    /// </summary>
    public static string Segment(string value)
    {
        if (string.IsNullOrEmpty(value))
            throw new ArgumentException("a path segment must not be empty");
        if (value is "." or ".." || value.Length > 128)
            throw new ArgumentException($"'{value}' is not allowed as a path segment");
        foreach (var c in value)
        {
            if (c == '/' || c == '\\' || char.IsControl(c))
                throw new ArgumentException($"'{value}' is not allowed as a path segment");
        }
        return value;
    }

    /// <summary>
    /// Joins a relative path (e.g. from a URL or an archive) under <paramref name="root"/>; null when it
    /// would leave the root. Symlinks are checked by the caller that opens the file.
    /// </summary>
    public static string? Under(string root, string relative)
    {
        var fullRoot = Path.GetFullPath(root);
        if (relative.Contains('\0'))
            return null;
        var full = Path.GetFullPath(Path.Combine(fullRoot, relative.TrimStart('/')));
        var rootWithSep = fullRoot.EndsWith('/') ? fullRoot : fullRoot + "/";
        return full == fullRoot || full.StartsWith(rootWithSep, StringComparison.Ordinal) ? full : null;
    }
}
