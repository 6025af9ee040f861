using System.Formats.Tar;
using System.IO.Compression;
using Hiy.Core;

namespace Hiy.Builds;

/// <summary>
/// Unpacks a site version (.tar.gz of a directory) into its folder. Only regular files and folders
/// are written; links, devices, absolute paths and anything that would land outside the folder are
/// refused, and the whole upload with them. The folder appears whole (a rename) or not at all.
/// </summary>
public static class SiteArchive
{
    public const long MaxTotalBytes = 512L << 20;
    public const int MaxFiles = 50_000;

    /// <summary>An uploaded .tar.gz (the sites API).</summary>
    public static async Task<(int Files, long Bytes)> ExtractAsync(Stream gzip, string targetDir, CancellationToken ct)
    {
        try
        {
            await using var gz = new GZipStream(gzip, CompressionMode.Decompress);
            return await ExtractTarAsync(gz, targetDir, null, ct);
        }
        catch (InvalidDataException e)
        {
            throw new SiteArchiveException($"not a valid .tar.gz: {e.Message}");
        }
    }

    /// <summary>
    /// A plain tar, under the same rules. With <paramref name="root"/> every entry must lie inside that
    /// top-level folder, which is stripped: Docker's archive of <c>/app/dist</c> names its entries <c>dist/…</c>.
    /// </summary>
    public static async Task<(int Files, long Bytes)> ExtractTarAsync(Stream tar, string targetDir, string? root, CancellationToken ct)
    {
        var staging = targetDir + ".uploading-" + Guid.NewGuid().ToString("N")[..8];
        Directory.CreateDirectory(staging);
        try
        {
            int files = 0;
            long bytes = 0;
            using var reader = new TarReader(tar);
            while (await reader.GetNextEntryAsync(copyData: false, ct) is { } entry)
            {
                var name = entry.Name.Replace('\\', '/');
                while (name.StartsWith("./", StringComparison.Ordinal))
                    name = name[2..];
                if (root is not null && entry.EntryType is not (TarEntryType.GlobalExtendedAttributes or TarEntryType.ExtendedAttributes))
                {
                    if (name.TrimEnd('/') == root && entry.EntryType == TarEntryType.Directory)
                        continue;
                    if (!name.StartsWith(root + "/", StringComparison.Ordinal))
                        throw new SiteArchiveException($"entry '{entry.Name}' is outside '{root}/'");
                    name = name[(root.Length + 1)..];
                }
                if (name.Length == 0 || name == ".")
                    continue;
                if (name.StartsWith('/') || name.Split('/').Any(part => part == ".."))
                    throw new SiteArchiveException($"entry '{entry.Name}' points outside the site");
                var path = HiyPaths.Under(staging, name) ?? throw new SiteArchiveException($"entry '{entry.Name}' points outside the site");
                switch (entry.EntryType)
                {
                    case TarEntryType.Directory:
                        Directory.CreateDirectory(path);
                        break;
                    case TarEntryType.RegularFile or TarEntryType.V7RegularFile or TarEntryType.ContiguousFile:
                        if (++files > MaxFiles)
                            throw new SiteArchiveException($"more than {MaxFiles} files");
                        bytes += entry.Length;
                        if (bytes > MaxTotalBytes)
                            throw new SiteArchiveException($"more than {MaxTotalBytes >> 20} MB unpacked");
                        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                        await using (var output = File.Create(path))
                        {
                            if (entry.DataStream is { } data)
                                await data.CopyToAsync(output, ct);
                        }
                        break;
                    case TarEntryType.GlobalExtendedAttributes or TarEntryType.ExtendedAttributes:
                        break;
                    default:
                        throw new SiteArchiveException($"entry '{entry.Name}' is a {entry.EntryType}; only files and folders are allowed");
                }
            }
            if (files == 0)
                throw new SiteArchiveException("the archive holds no files");
            Directory.CreateDirectory(Path.GetDirectoryName(targetDir)!);
            Directory.Move(staging, targetDir);
            return (files, bytes);
        }
        catch (Exception e) when (e is InvalidDataException or FormatException or EndOfStreamException)
        {
            throw new SiteArchiveException($"not a valid {(root is null ? ".tar.gz" : "tar")}: {e.Message}");
        }
        finally
        {
            if (Directory.Exists(staging))
                Directory.Delete(staging, recursive: true);
        }
    }
}

/// <summary>An uploaded site archive was refused; the message says which entry and why.</summary>
public sealed class SiteArchiveException(string message) : Exception(message);
