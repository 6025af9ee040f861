using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Hiy.Core;

namespace Hiy.Ops.Backups;

/// <summary>
/// The backups in <c>backup_dir</c>: <c>hiy-backup-&lt;id&gt;.tar.gz</c>, each with its manifest beside it
/// (<c>hiy-backup-&lt;id&gt;.json</c>, what the list reads). Archives are written to a dot-file and renamed when
/// complete, so a crash or a full disk never leaves a half archive under a backup's name.
/// </summary>
public sealed partial class BackupService(BackupWriter writer, HiyPaths paths, string backupDir, int retentionDays, TimeProvider time,
    ILogger<BackupService> log)
{
    public string Directory { get; } = backupDir;

    [GeneratedRegex("^[0-9]{8}T[0-9]{9}Z$")]
    private static partial Regex IdPattern();

    public static bool IsId(string id) => IdPattern().IsMatch(id);

    private string ArchivePath(string id) => Path.Combine(Directory, $"hiy-backup-{id}.tar.gz");

    private string ManifestPath(string id) => Path.Combine(Directory, $"hiy-backup-{id}.json");

    public IReadOnlyList<BackupInfo> List()
    {
        if (!System.IO.Directory.Exists(Directory))
            return [];
        var list = new List<BackupInfo>();
        foreach (var file in System.IO.Directory.EnumerateFiles(Directory, "hiy-backup-*.json"))
        {
            var id = Path.GetFileNameWithoutExtension(file)["hiy-backup-".Length..];
            if (IsId(id) && Find(id) is { } info)
                list.Add(info);
        }
        return list.OrderByDescending(b => b.CreatedAt).ToList();
    }

    public BackupInfo? Find(string id)
    {
        if (!IsId(id) || !File.Exists(ArchivePath(id)) || !File.Exists(ManifestPath(id)))
            return null;
        try
        {
            var m = JsonSerializer.Deserialize(File.ReadAllBytes(ManifestPath(id)), BackupJsonContext.Default.BackupManifest);
            return m is null ? null : Info(m, new FileInfo(ArchivePath(id)).Length);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static BackupInfo Info(BackupManifest m, long size) =>
        new(m.Id, m.CreatedAt, size, m.HiyVersion, m.SchemaVersion, m.KeyWrapped, m.Files.Count);

    /// <summary>The archive to download, or null.</summary>
    public FileStream? Open(string id) => Find(id) is null ? null : File.OpenRead(ArchivePath(id));

    public async Task<BackupResult<BackupInfo>> CreateAsync(string? passphrase, CancellationToken ct)
    {
        var id = NewId();
        if (File.Exists(ArchivePath(id)))
            return new BackupError(BackupErrorKind.Conflict, $"a backup {id} already exists; try again");
        var partial = PartialPath(id);
        try
        {
            System.IO.Directory.CreateDirectory(Directory);
            BackupManifest manifest;
            await using (var file = new FileStream(partial, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true))
            {
                manifest = await writer.WriteAsync(file, id, passphrase, ct);
                await file.FlushAsync(ct);
                file.Flush(flushToDisk: true);
            }
            var info = Commit(manifest, partial);
            BackupsLog.Created(log, id, info.SizeBytes, info.FileCount);
            return info;
        }
        catch (IOException e) when (DiskFull.IsCause(e))
        {
            BackupsLog.DiskFull(log, Directory);
            return new BackupError(BackupErrorKind.NoSpace, $"backup_dir {Directory} has no room for the backup; free space or point backup_dir elsewhere");
        }
        finally
        {
            File.Delete(partial);
        }
    }

    /// <summary>An uploaded archive, kept only when it passes every check a restore makes (a wrapped key is checked at restore).</summary>
    public async Task<BackupResult<BackupInfo>> UploadAsync(Stream body, CancellationToken ct)
    {
        System.IO.Directory.CreateDirectory(Directory);
        var partial = PartialPath(NewId() + "-upload");
        var staging = Path.Combine(paths.Tmp, $"backup-check-{Guid.NewGuid():N}");
        try
        {
            await using (var file = new FileStream(partial, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1 << 16, useAsync: true))
            {
                await body.CopyToAsync(file, ct);
                file.Flush(flushToDisk: true);
                file.Position = 0;
                var check = await BackupReader.UnpackAsync(file, staging, null, passphraseOptional: true, ct);
                if (check.Manifest is not { } manifest)
                    return BackupError.From(check);
                if (!IsId(manifest.Id))
                    return new BackupError(BackupErrorKind.Invalid, $"manifest.json: '{manifest.Id}' is not a backup id", BackupManifest.EntryName);
                if (File.Exists(ArchivePath(manifest.Id)))
                    return new BackupError(BackupErrorKind.Conflict, $"backup {manifest.Id} is already here");
                file.Close();
                var info = Commit(manifest, partial);
                BackupsLog.Uploaded(log, manifest.Id, info.SizeBytes);
                return info;
            }
        }
        catch (IOException e) when (DiskFull.IsCause(e))
        {
            return new BackupError(BackupErrorKind.NoSpace, $"backup_dir {Directory} has no room for the upload");
        }
        finally
        {
            File.Delete(partial);
            if (System.IO.Directory.Exists(staging))
                System.IO.Directory.Delete(staging, recursive: true);
        }
    }

    /// <summary>
    /// Checks the whole archive into <c>restore.staging/</c> and, only when all of it passed, renames that to
    /// <c>restore.pending/</c>, which <see cref="RestoreApplier"/> swaps in at the next start. Nothing live changes here.
    /// </summary>
    public async Task<BackupResult<BackupManifest>> StageRestoreAsync(string id, string? passphrase, CancellationToken ct)
    {
        if (Find(id) is null)
            return new BackupError(BackupErrorKind.NotFound, $"no backup {id} in {Directory}");
        var staging = RestoreApplier.Staging(paths);
        if (System.IO.Directory.Exists(staging))
            System.IO.Directory.Delete(staging, recursive: true);
        var committed = false;
        try
        {
            BackupCheck check;
            await using (var archive = File.OpenRead(ArchivePath(id)))
                check = await BackupReader.UnpackAsync(archive, staging, passphrase, ct);
            if (check.Manifest is not { } manifest)
            {
                BackupsLog.RestoreRefused(log, id, check.Entry ?? "", check.Detail ?? "");
                return BackupError.From(check);
            }
            var pending = RestoreApplier.Pending(paths);
            if (System.IO.Directory.Exists(pending))
                System.IO.Directory.Delete(pending, recursive: true);
            System.IO.Directory.Move(staging, pending);
            committed = true;
            BackupsLog.RestoreStaged(log, id);
            return manifest;
        }
        catch (IOException e) when (DiskFull.IsCause(e))
        {
            return new BackupError(BackupErrorKind.NoSpace, $"data_dir {paths.DataDir} has no room to unpack backup {id}");
        }
        finally
        {
            if (!committed && System.IO.Directory.Exists(staging))
                System.IO.Directory.Delete(staging, recursive: true);
        }
    }

    public bool Delete(string id)
    {
        if (Find(id) is null)
            return false;
        File.Delete(ArchivePath(id));
        File.Delete(ManifestPath(id));
        return true;
    }

    /// <summary>Deletes the backups past retention (<see cref="BackupPolicy.Expired"/>); returns how many.</summary>
    public int Prune()
    {
        var expired = BackupPolicy.Expired(List(), time.GetUtcNow(), retentionDays);
        foreach (var b in expired)
            Delete(b.Id);
        return expired.Count;
    }

    private BackupInfo Commit(BackupManifest manifest, string partial)
    {
        var json = JsonSerializer.SerializeToUtf8Bytes(manifest, BackupJsonContext.Default.BackupManifest);
        var manifestPath = ManifestPath(manifest.Id);
        File.WriteAllBytes(manifestPath + ".tmp", json);
        File.Move(partial, ArchivePath(manifest.Id));
        // The manifest last: a listed backup always has its whole archive.
        File.Move(manifestPath + ".tmp", manifestPath, overwrite: true);
        return Info(manifest, new FileInfo(ArchivePath(manifest.Id)).Length);
    }

    private string PartialPath(string id) => Path.Combine(Directory, $".hiy-backup-{id}.partial");

    private string NewId() => time.GetUtcNow().UtcDateTime.ToString("yyyyMMdd'T'HHmmssfff'Z'", CultureInfo.InvariantCulture);
}
