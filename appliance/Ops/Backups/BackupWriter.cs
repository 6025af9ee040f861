using System.Reflection;
using System.Security.Cryptography;
using System.Text.Json;
using Hiy.Core;
using Hiy.Store;
using Microsoft.Data.Sqlite;

namespace Hiy.Ops.Backups;

/// <summary>
/// Writes one backup archive: the database as SQLite's online backup API copies it (consistent while hiy writes), the
/// master key (plain, or wrapped with a passphrase), the static sites and git repositories, then the manifest.
/// </summary>
public sealed class BackupWriter(HiyDatabase db, HiyPaths paths, KeyRotation rotation, TimeProvider time, ILogger<BackupWriter> log)
{
    public static string HiyVersion { get; } =
        typeof(BackupWriter).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";

    public async Task<BackupManifest> WriteAsync(Stream output, string id, string? passphrase, CancellationToken ct)
    {
        Directory.CreateDirectory(paths.Tmp);
        var dbCopy = Path.Combine(paths.Tmp, $"backup-{HiyPaths.Segment(id)}.db");
        try
        {
            byte[] key;
            int schema;
            // The key and the database are taken together, so a rotation cannot slip between them.
            await rotation.Exclusive.WaitAsync(ct);
            try
            {
                schema = Snapshot(dbCopy);
                key = await File.ReadAllBytesAsync(paths.MasterKey, ct);
            }
            finally
            {
                rotation.Exclusive.Release();
            }
            var now = time.GetUtcNow();
            var files = new List<ManifestFile>();
            await using (var archive = new ArchiveWriter(output, System.IO.Compression.CompressionLevel.Fastest))
            {
                await using (var file = File.OpenRead(dbCopy))
                    files.Add(await AddFileAsync(archive, ArchivePaths.Database, file, now, ArchiveWriter.FileMode644 & ~UnixFileMode.OtherRead, ct));
                var keyBytes = passphrase is null ? key : KeyWrap.Wrap(key, passphrase);
                files.Add(await AddFileAsync(archive, passphrase is null ? ArchivePaths.Key : ArchivePaths.WrappedKey, new MemoryStream(keyBytes), now,
                    UnixFileMode.UserRead | UnixFileMode.UserWrite, ct));
                foreach (var tree in ArchivePaths.Trees)
                {
                    var root = Path.Combine(paths.DataDir, tree);
                    if (Directory.Exists(root))
                        await AddTreeAsync(archive, root, tree, now, files, ct);
                }
                var manifest = new BackupManifest(BackupManifest.CurrentFormat, id, HiyVersion, now, schema, passphrase is not null, files);
                var json = JsonSerializer.SerializeToUtf8Bytes(manifest, BackupJsonContext.Default.BackupManifest);
                await archive.AddFileAsync(BackupManifest.EntryName, new MemoryStream(json), now, ArchiveWriter.FileMode644, ct);
                return manifest;
            }
        }
        finally
        {
            File.Delete(dbCopy);
        }
    }

    /// <summary>SQLite's backup API into a fresh file, left in rollback-journal mode so the one file is the whole database.</summary>
    private int Snapshot(string target)
    {
        File.Delete(target);
        var schema = db.Read(source =>
        {
            using var dest = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = target, Pooling = false }.ToString());
            dest.Open();
            source.BackupDatabase(dest);
            using (var cmd = dest.Command("PRAGMA journal_mode=DELETE;"))
                cmd.ExecuteNonQuery();
            return SchemaVersion(dest);
        });
        return schema;
    }

    public static int SchemaVersion(SqliteConnection c) =>
        c.Command("SELECT COALESCE(MAX(version), 0) FROM schema_migrations").ExecuteScalar() is long v ? (int)v : 0;

    private async Task AddTreeAsync(ArchiveWriter archive, string dir, string name, DateTimeOffset now, List<ManifestFile> files, CancellationToken ct)
    {
        await archive.AddDirectoryAsync(name, now, ct);
        files.Add(new ManifestFile(name, ManifestFile.Dir));
        foreach (var info in new DirectoryInfo(dir).EnumerateFileSystemInfos().OrderBy(i => i.Name, StringComparer.Ordinal))
        {
            var entry = name + "/" + info.Name;
            if (info.LinkTarget is { } target)
            {
                if (!ArchivePaths.LinkStaysInside(entry, target))
                {
                    BackupsLog.LinkSkipped(log, entry, target);
                    continue;
                }
                await archive.AddSymbolicLinkAsync(entry, target, now, ct);
                files.Add(new ManifestFile(entry, ManifestFile.Symlink, Link: target));
            }
            else if (info is DirectoryInfo)
                await AddTreeAsync(archive, info.FullName, entry, now, files, ct);
            else if (info is FileInfo file)
            {
                await using var stream = new FileStream(file.FullName, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1 << 16, useAsync: true);
                files.Add(await AddFileAsync(archive, entry, stream, now, file.UnixFileMode & Permissions, ct));
            }
        }
    }

    /// <summary>Permission bits a restored file keeps: rwx for each class, never setuid, setgid or sticky.</summary>
    public const UnixFileMode Permissions = (UnixFileMode)0x1FF;

    private static async Task<ManifestFile> AddFileAsync(ArchiveWriter archive, string name, Stream data, DateTimeOffset now, UnixFileMode mode,
        CancellationToken ct)
    {
        var sha = await SHA256.HashDataAsync(data, ct);
        var size = data.Position;
        data.Position = 0;
        await archive.AddFileAsync(name, data, now, mode, ct);
        return new ManifestFile(name, ManifestFile.File, size, Convert.ToHexStringLower(sha));
    }
}
