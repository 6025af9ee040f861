namespace Hiy.Ops.Backups;

/// <summary>
/// The one gate for names inside a backup archive: which top-level entries exist, and that no name or link target
/// can reach outside the restored data directory (no absolute path, no "..", no link leaving its own tree).
/// </summary>
public static class ArchivePaths
{
    public const string Database = "hiy.db";
    public const string Key = "master.key";
    public const string WrappedKey = "master.key.wrapped";
    public const string Sites = "sites";
    public const string Git = "git";

    /// <summary>The directories a backup carries whole; a restore replaces each of them.</summary>
    public static readonly IReadOnlyList<string> Trees = [Sites, Git];

    /// <summary>Null when <paramref name="name"/> may be in an archive, else why not.</summary>
    public static string? Check(string name)
    {
        if (name.Length == 0 || name.Length > 1024)
            return "empty or overlong name";
        if (name.StartsWith('/') || name.Contains('\\') || name.Contains('\0') || name.Any(char.IsControl))
            return "absolute path or a forbidden character";
        var segments = name.Split('/');
        if (segments.Any(s => s is "" or "." or ".."))
            return "a '.', '..' or empty path segment";
        if (segments.Length == 1 && name is Database or Key or WrappedKey or BackupManifest.EntryName or Sites or Git)
            return null;
        return Trees.Contains(segments[0]) ? null : "not a part of a hiy backup";
    }

    /// <summary>True when a link at <paramref name="linkPath"/> to <paramref name="target"/> stays inside the link's own tree.</summary>
    public static bool LinkStaysInside(string linkPath, string target)
    {
        if (target.Length == 0 || target.StartsWith('/') || target.Contains('\0') || target.Contains('\\'))
            return false;
        var parts = linkPath.Split('/').ToList();
        if (parts.Count < 2 || !Trees.Contains(parts[0]))
            return false;
        parts.RemoveAt(parts.Count - 1); // the link's directory
        foreach (var segment in target.Split('/'))
        {
            if (segment is "" or ".")
                continue;
            if (segment == "..")
            {
                if (parts.Count <= 1) // would climb out of sites/ or git/
                    return false;
                parts.RemoveAt(parts.Count - 1);
            }
            else
                parts.Add(segment);
        }
        return parts.Count > 1;
    }
}
