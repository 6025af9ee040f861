namespace Hiy.Ops.Backups;

/// <summary>
/// One archived entry: its archive path and type (<c>file</c>, <c>dir</c>, <c>symlink</c>); a file has its size and
/// SHA-256 (lower-case hex), a symbolic link its relative target.
/// </summary>
public sealed record ManifestFile(string Path, string Type, long Size = 0, string? Sha256 = null, string? Link = null)
{
    public const string File = "file", Dir = "dir", Symlink = "symlink";
}

/// <summary>
/// <c>manifest.json</c>, the archive's last entry (its checksums are known only once every file is written) and a
/// copy beside the archive (<c>hiy-backup-&lt;id&gt;.json</c>) so listing never decompresses an archive.
/// </summary>
public sealed record BackupManifest(
    int Format,
    string Id,
    string HiyVersion,
    DateTimeOffset CreatedAt,
    int SchemaVersion,
    bool KeyWrapped,
    IReadOnlyList<ManifestFile> Files)
{
    public const int CurrentFormat = 1;
    public const string EntryName = "manifest.json";
}

/// <summary>A backup as the API lists it.</summary>
public sealed record BackupInfo(string Id, DateTimeOffset CreatedAt, long SizeBytes, string HiyVersion, int SchemaVersion, bool KeyWrapped,
    int FileCount);
