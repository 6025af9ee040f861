namespace Hiy.Builds;

/// <summary>
/// The files of a checked-out repository as the pure detectors see them: relative paths with '/'
/// separators. Keeps strategy detection free of disk I/O so tests hand it a dictionary.
/// </summary>
public interface IRepoFiles
{
    bool FileExists(string relativePath);

    /// <summary>The file's bytes, or null when it is absent (or too large to be a settings file).</summary>
    byte[]? ReadFile(string relativePath);
}

/// <summary><see cref="IRepoFiles"/> over a directory on disk; paths that climb out of it read as absent.</summary>
public sealed class DirectoryRepoFiles(string root) : IRepoFiles
{
    /// <summary>Settings files and manifests are small; anything bigger is not read into memory.</summary>
    public const long MaxReadBytes = 1 << 20;

    public string Root { get; } = Path.GetFullPath(root);

    public bool FileExists(string relativePath) =>
        Resolve(relativePath) is { } full && File.Exists(full);

    public byte[]? ReadFile(string relativePath)
    {
        if (Resolve(relativePath) is not { } full)
            return null;
        var info = new FileInfo(full);
        if (!info.Exists || info.Length > MaxReadBytes)
            return null;
        return File.ReadAllBytes(full);
    }

    /// <summary>Under the root and not reached through a symlink (a repo must not read the host's files).</summary>
    private string? Resolve(string relativePath)
    {
        if (Hiy.Core.HiyPaths.Under(Root, relativePath) is not { } full)
            return null;
        var current = Root;
        foreach (var part in Path.GetRelativePath(Root, full).Split('/'))
        {
            current = Path.Combine(current, part);
            var info = new FileInfo(current);
            if (info.LinkTarget is not null)
                return null;
        }
        return full;
    }
}
