using System.Formats.Tar;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text.Json;
using Hiy.Core;
using Hiy.Secrets;
using Hiy.Store;
using Microsoft.Data.Sqlite;

namespace Hiy.Ops.Backups;

/// <summary>
/// Unpacks an archive into an empty staging directory and checks all of it before anything else may use it: every
/// name through <see cref="ArchivePaths"/>, every manifest entry present with its size and SHA-256, nothing extra, the
/// database passing <c>PRAGMA integrity_check</c> at a schema this hiy can open, and the master key opening a sealed
/// value of that database. A wrapped key is unwrapped into <c>master.key</c> in the staging directory.
/// </summary>
public static class BackupReader
{
    private const int MaxManifestBytes = 16 << 20;

    public static async Task<BackupCheck> UnpackAsync(Stream archive, string staging, string? passphrase, CancellationToken ct) =>
        await UnpackAsync(archive, staging, passphrase, passphraseOptional: false, ct);

    /// <param name="passphraseOptional">An upload's check: a wrapped key without its passphrase is left to the restore.</param>
    public static async Task<BackupCheck> UnpackAsync(Stream archive, string staging, string? passphrase, bool passphraseOptional,
        CancellationToken ct)
    {
        Directory.CreateDirectory(staging);
        var seen = new Dictionary<string, ManifestFile>(StringComparer.Ordinal);
        byte[]? manifestJson = null;
        var last = "(archive start)";
        try
        {
            await using var gzip = new GZipStream(archive, CompressionMode.Decompress, leaveOpen: true);
            await using var tar = new TarReader(gzip, leaveOpen: false);
            while (await tar.GetNextEntryAsync(copyData: false, ct) is { } entry)
            {
                var name = entry.Name.TrimEnd('/');
                if (ArchivePaths.Check(name) is { } bad)
                    return BackupCheck.Refused(name, $"refused: {bad}");
                if (seen.ContainsKey(name) || (name == BackupManifest.EntryName && manifestJson is not null))
                    return BackupCheck.Refused(name, "appears twice in the archive");
                last = name;
                var target = HiyPaths.Under(staging, name)!;
                switch (entry.EntryType)
                {
                    case TarEntryType.RegularFile or TarEntryType.V7RegularFile when name == BackupManifest.EntryName:
                        if (entry.Length > MaxManifestBytes)
                            return BackupCheck.Refused(name, "the manifest is implausibly large");
                        using (var buffer = new MemoryStream())
                        {
                            if (entry.DataStream is { } data)
                                await data.CopyToAsync(buffer, ct);
                            manifestJson = buffer.ToArray();
                        }
                        break;
                    case TarEntryType.RegularFile or TarEntryType.V7RegularFile:
                        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                        seen[name] = await ExtractAsync(entry, name, target, ct);
                        break;
                    case TarEntryType.Directory:
                        Directory.CreateDirectory(target);
                        seen[name] = new ManifestFile(name, ManifestFile.Dir);
                        break;
                    case TarEntryType.SymbolicLink:
                        if (!ArchivePaths.LinkStaysInside(name, entry.LinkName))
                            return BackupCheck.Refused(name, $"refused: a symbolic link to '{entry.LinkName}' leaves its directory");
                        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                        File.CreateSymbolicLink(target, entry.LinkName);
                        seen[name] = new ManifestFile(name, ManifestFile.Symlink, Link: entry.LinkName);
                        break;
                    default:
                        return BackupCheck.Refused(name, $"refused: a {entry.EntryType} entry has no place in a backup");
                }
            }
        }
        catch (Exception e) when (e is InvalidDataException or EndOfStreamException or FormatException)
        {
            return BackupCheck.Refused(last, $"the archive is truncated or corrupt at or after this entry ({e.Message})");
        }
        if (manifestJson is null)
            return BackupCheck.Refused(BackupManifest.EntryName, "missing: the archive has no manifest (truncated, or not a hiy backup)");
        BackupManifest? manifest;
        try
        {
            manifest = JsonSerializer.Deserialize(manifestJson, BackupJsonContext.Default.BackupManifest);
        }
        catch (JsonException e)
        {
            return BackupCheck.Refused(BackupManifest.EntryName, $"not readable JSON: {e.Message}");
        }
        if (manifest is not { Format: BackupManifest.CurrentFormat, Files: not null })
            return BackupCheck.Refused(BackupManifest.EntryName, "not a manifest of a format this hiy knows");
        if (Compare(manifest, seen) is { } mismatch)
            return mismatch;
        return CheckContents(manifest, staging, passphrase, passphraseOptional);
    }

    private static async Task<ManifestFile> ExtractAsync(TarEntry entry, string name, string target, CancellationToken ct)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        long size = 0;
        await using (var file = new FileStream(target, new FileStreamOptions
        {
            Mode = FileMode.CreateNew, Access = FileAccess.Write, Options = FileOptions.Asynchronous,
            UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
        }))
        {
            if (entry.DataStream is { } data)
            {
                var buffer = new byte[1 << 16];
                int n;
                while ((n = await data.ReadAsync(buffer, ct)) > 0)
                {
                    hash.AppendData(buffer, 0, n);
                    await file.WriteAsync(buffer.AsMemory(0, n), ct);
                    size += n;
                }
            }
            await file.FlushAsync(ct);
        }
        File.SetUnixFileMode(target, (entry.Mode & BackupWriter.Permissions) | UnixFileMode.UserRead | UnixFileMode.UserWrite);
        return new ManifestFile(name, ManifestFile.File, size, Convert.ToHexStringLower(hash.GetHashAndReset()));
    }

    /// <summary>Every manifest entry extracted as listed, and nothing extracted that the manifest does not list.</summary>
    public static BackupCheck? Compare(BackupManifest manifest, IReadOnlyDictionary<string, ManifestFile> seen)
    {
        var listed = new HashSet<string>(StringComparer.Ordinal);
        foreach (var want in manifest.Files)
        {
            listed.Add(want.Path);
            if (!seen.TryGetValue(want.Path, out var got))
                return BackupCheck.Refused(want.Path, "missing: listed in the manifest but not in the archive (truncated?)");
            if (got.Type != want.Type)
                return BackupCheck.Refused(want.Path, $"is a {got.Type} in the archive, a {want.Type} in the manifest");
            if (got.Size != want.Size)
                return BackupCheck.Refused(want.Path, $"size {got.Size} does not match the manifest's {want.Size}");
            if (!string.Equals(got.Sha256, want.Sha256, StringComparison.OrdinalIgnoreCase) || got.Link != want.Link)
                return BackupCheck.Refused(want.Path, "checksum does not match the manifest (changed or damaged)");
        }
        return seen.Keys.FirstOrDefault(k => !listed.Contains(k)) is { } extra
            ? BackupCheck.Refused(extra, "refused: in the archive but not in its manifest")
            : null;
    }

    private static BackupCheck CheckContents(BackupManifest manifest, string staging, string? passphrase, bool passphraseOptional)
    {
        var dbPath = Path.Combine(staging, ArchivePaths.Database);
        if (!File.Exists(dbPath))
            return BackupCheck.Refused(ArchivePaths.Database, "missing: a backup must hold the database");
        var keyPath = Path.Combine(staging, ArchivePaths.Key);
        var wrappedPath = Path.Combine(staging, ArchivePaths.WrappedKey);
        byte[]? key;
        if (File.Exists(wrappedPath))
        {
            if (string.IsNullOrEmpty(passphrase) && passphraseOptional)
                return CheckDatabase(dbPath, null) ?? new BackupCheck(manifest);
            if (string.IsNullOrEmpty(passphrase))
                return BackupCheck.Refused("passphrase", "this backup's master key is wrapped: give its passphrase");
            key = KeyWrap.Unwrap(File.ReadAllBytes(wrappedPath), passphrase);
            if (key is null)
                return BackupCheck.Refused("passphrase", "the passphrase does not unwrap this backup's master key");
            MasterKey.WriteDurably(keyPath, key, overwrite: false);
            File.Delete(wrappedPath);
        }
        else if (File.Exists(keyPath))
            key = File.ReadAllBytes(keyPath);
        else
            return BackupCheck.Refused(ArchivePaths.Key, "missing: a backup must hold the master key");
        if (key.Length != SecretBox.KeySize)
            return BackupCheck.Refused(ArchivePaths.Key, $"{key.Length} bytes, not a {SecretBox.KeySize}-byte master key");
        foreach (var tree in ArchivePaths.Trees)
            Directory.CreateDirectory(Path.Combine(staging, tree)); // a restore replaces each tree, even with an empty one
        return CheckDatabase(dbPath, new SecretBox(key)) ?? new BackupCheck(manifest);
    }

    private static BackupCheck? CheckDatabase(string dbPath, SecretBox? box)
    {
        SqliteNative.EnsureInitialized();
        try
        {
            using var c = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = dbPath, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
            c.Open();
            var check = c.Command("PRAGMA integrity_check;").ExecuteScalar() as string;
            if (check != "ok")
                return BackupCheck.Refused(ArchivePaths.Database, $"fails PRAGMA integrity_check: {check}");
            var schema = BackupWriter.SchemaVersion(c);
            var known = HiyDatabase.Migrations().Max(m => m.Version);
            if (schema > known)
                return BackupCheck.Refused(ArchivePaths.Database, $"schema version {schema} is newer than this hiy knows ({known}); restore it with a newer hiy");
            if (box is not null && KeyRotation.OpensAny(box, c) == false)
                return BackupCheck.Refused(ArchivePaths.Key, "does not open the database's sealed values (a key from another backup or machine?)");
            return null;
        }
        catch (SqliteException e)
        {
            return BackupCheck.Refused(ArchivePaths.Database, $"is not a usable SQLite database: {e.Message}");
        }
    }
}
