namespace Hiy.Ops.Backups;

/// <summary>
/// The verdict on an archive: its manifest when every check passed, else the first entry that failed (the API's
/// problem field) and why.
/// </summary>
public sealed record BackupCheck(BackupManifest? Manifest, string? Entry = null, string? Detail = null)
{
    public bool Ok => Manifest is not null;

    public static BackupCheck Refused(string entry, string detail) => new(null, entry, detail);
}
