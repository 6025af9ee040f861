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
    /// <summary>Linux's NAME_MAX, in UTF-8 bytes: a longer name fails in the kernel, not here.</summary>
    public const int MaxNameBytes = 255;
    /// <summary>No real site nests deeper; a 2,100-deep path was an unhandled PathTooLong (issue 13 item 4).</summary>
    public const int MaxDepth = 64;
    public const int MaxPathChars = 1024;

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
                if (entry.EntryType is not (TarEntryType.GlobalExtendedAttributes or TarEntryType.ExtendedAttributes))
                    CheckName(entry.Name, name);
                var path = HiyPaths.Under(staging, name) ?? throw new SiteArchiveException($"entry '{entry.Name}' points outside the site");
                switch (entry.EntryType)
                {
                    case TarEntryType.Directory:
                        CheckParents(staging, name, entry.Name, includeSelf: true);
                        Directory.CreateDirectory(path);
                        break;
                    case TarEntryType.RegularFile or TarEntryType.V7RegularFile or TarEntryType.ContiguousFile:
                        if (++files > MaxFiles)
                            throw new SiteArchiveException($"more than {MaxFiles} files");
                        bytes += entry.Length;
                        if (bytes > MaxTotalBytes)
                            throw new SiteArchiveException($"more than {MaxTotalBytes >> 20} MB unpacked");
                        CheckParents(staging, name, entry.Name, includeSelf: false);
                        if (Directory.Exists(path))
                            throw new SiteArchiveException($"entry '{Shown(entry.Name)}' is a file where an earlier entry made a folder");
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

    /// <summary>Each segment at most NAME_MAX bytes, the path not absurdly deep or long: said as the entry, not a PathTooLong.</summary>
    private static void CheckName(string entryName, string name)
    {
        var segments = name.TrimEnd('/').Split('/');
        if (name.Length > MaxPathChars || segments.Length > MaxDepth)
            throw new SiteArchiveException($"entry '{Shown(entryName)}' is nested too deep (at most {MaxDepth} folders and {MaxPathChars} characters)");
        foreach (var segment in segments)
        {
            if (System.Text.Encoding.UTF8.GetByteCount(segment) > MaxNameBytes)
                throw new SiteArchiveException($"entry '{Shown(entryName)}' has a name longer than {MaxNameBytes} bytes");
            if (segment.Any(char.IsControl))
                throw new SiteArchiveException($"entry '{Shown(entryName)}' has a control character in its name");
        }
    }

    /// <summary>A file and a folder of the same name in one archive: refused naming both, before the file system throws.</summary>
    private static void CheckParents(string staging, string name, string entryName, bool includeSelf)
    {
        var segments = name.TrimEnd('/').Split('/', StringSplitOptions.RemoveEmptyEntries);
        var current = staging;
        var count = includeSelf ? segments.Length : segments.Length - 1;
        for (var i = 0; i < count; i++)
        {
            current = Path.Combine(current, segments[i]);
            if (File.Exists(current))
                throw new SiteArchiveException($"entry '{Shown(entryName)}' needs the folder '{string.Join('/', segments[..(i + 1)])}', which an earlier entry made a file");
        }
    }

    /// <summary>An entry name as a message shows it: a 2,000-level path is cut, not echoed whole.</summary>
    private static string Shown(string entryName) => entryName.Length <= 120 ? entryName : entryName[..100] + "…(" + entryName.Length + " characters)";
}

/// <summary>An uploaded site archive was refused; the message says which entry and why.</summary>
public sealed class SiteArchiveException(string message) : Exception(message);
