using System.Formats.Tar;
using System.IO.Compression;
using Hiy.Builds;
using Hiy.Cli.Client;

namespace Hiy.Cli;

/// <summary>
/// A site version's directory as the <c>.tar.gz</c> the sites API takes. The directory is measured first against the
/// appliance's own limits (<see cref="SiteArchive.MaxTotalBytes"/>, <see cref="SiteArchive.MaxFiles"/>) so a site that
/// would be refused is refused here, before a byte is sent; links are refused too, as the appliance would.
/// </summary>
public static class DirectoryArchive
{
    private const UnixFileMode FileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;
    private const UnixFileMode DirMode = FileMode | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;

    public sealed record Entry(string FullPath, string Name, bool IsDirectory, long Length);

    public sealed record Scan(string Root, IReadOnlyList<Entry> Entries, int Files, long Bytes);

    public static Scan Measure(string directory, long maxBytes = SiteArchive.MaxTotalBytes, int maxFiles = SiteArchive.MaxFiles)
    {
        var root = Path.GetFullPath(directory);
        if (!Directory.Exists(root))
            throw CliException.Usage($"{directory}: no such directory");
        var entries = new List<Entry>();
        var files = 0;
        long bytes = 0;
        var pending = new Stack<string>();
        pending.Push(root);
        try
        {
            while (pending.Count > 0)
            {
                var dir = pending.Pop();
                foreach (var info in new DirectoryInfo(dir).EnumerateFileSystemInfos().OrderBy(i => i.Name, StringComparer.Ordinal))
                {
                    var name = Path.GetRelativePath(root, info.FullName).Replace('\\', '/');
                    if (info.LinkTarget is not null)
                        throw CliException.Failed($"{info.FullName} is a symbolic link: a site holds only files and folders (copy the target in)");
                    if (info is DirectoryInfo)
                    {
                        entries.Add(new Entry(info.FullName, name + "/", true, 0));
                        pending.Push(info.FullName);
                        continue;
                    }
                    if ((info.Attributes & (FileAttributes.Device | FileAttributes.ReparsePoint)) != 0 || info is not FileInfo file)
                        throw CliException.Failed($"{info.FullName} is not a regular file");
                    files++;
                    bytes += file.Length;
                    entries.Add(new Entry(info.FullName, name, false, file.Length));
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw CliException.Failed($"{directory}: cannot read: {e.Message}");
        }
        if (files == 0)
            throw CliException.Failed($"{directory} holds no files");
        if (bytes > maxBytes || files > maxFiles)
            throw CliException.Failed(
                $"{directory} holds {Output.Size(bytes)} in {files} files, over the appliance's site upload limit of {Output.Size(maxBytes)} unpacked and {maxFiles} files: nothing was uploaded");
        return new Scan(root, entries, files, bytes);
    }

    /// <summary>Writes the measured entries as a gzip'd pax tar; <paramref name="progress"/> sees the file bytes read so far.</summary>
    public static async Task WriteAsync(Scan scan, Stream output, Action<long> progress, CancellationToken ct)
    {
        await using var gzip = new GZipStream(output, CompressionLevel.Optimal, leaveOpen: true);
        await using var tar = new TarWriter(gzip, TarEntryFormat.Pax, leaveOpen: true);
        long done = 0;
        foreach (var e in scan.Entries)
        {
            if (e.IsDirectory)
            {
                await tar.WriteEntryAsync(new PaxTarEntry(TarEntryType.Directory, e.Name) { Mode = DirMode }, ct).ConfigureAwait(false);
                continue;
            }
            await using var data = File.OpenRead(e.FullPath);
            var entry = new PaxTarEntry(TarEntryType.RegularFile, e.Name) { Mode = FileMode, DataStream = data };
            await tar.WriteEntryAsync(entry, ct).ConfigureAwait(false);
            done += data.Length;
            progress(done);
        }
    }
}
