using System.Formats.Tar;
using System.IO.Pipelines;

namespace Hiy.Builds;

/// <summary>
/// A docker build context as a tar stream, written while Docker reads it (no temp file on the SD card).
/// Skips <c>.git</c> and what <c>.dockerignore</c> excludes (the Dockerfile and .dockerignore always
/// go in, as with the docker CLI). Symlinks are stored as links, never followed, so a repository
/// cannot pull the host's files into an image.
/// </summary>
public static class BuildContextTar
{
    /// <summary>
    /// A readable stream of the tar; errors while walking the directory surface on the reader.
    /// Dispose the stream (or read it to the end) to finish the writer.
    /// </summary>
    public static Stream Open(string directory, string dockerfile = StrategyDetector.DefaultDockerfile,
        string? generatedDockerfile = null, CancellationToken cancellationToken = default)
    {
        var pipe = new Pipe(new PipeOptions(pauseWriterThreshold: 1 << 20, resumeWriterThreshold: 1 << 19));
        _ = Task.Run(async () =>
        {
            Exception? error = null;
            try
            {
                await using var output = pipe.Writer.AsStream(leaveOpen: true);
                await WriteAsync(directory, output, dockerfile, generatedDockerfile, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e)
            {
                error = e;
            }
            await pipe.Writer.CompleteAsync(error).ConfigureAwait(false);
        }, CancellationToken.None);
        return pipe.Reader.AsStream();
    }

    /// <summary>
    /// Writes the context to <paramref name="output"/>. When <paramref name="generatedDockerfile"/> is
    /// given it is stored as <paramref name="dockerfile"/> in place of any file of that name.
    /// </summary>
    public static async Task WriteAsync(string directory, Stream output, string dockerfile = StrategyDetector.DefaultDockerfile,
        string? generatedDockerfile = null, CancellationToken cancellationToken = default)
    {
        var root = Path.GetFullPath(directory);
        var ignorePath = Path.Combine(root, DockerIgnore.FileName);
        var ignore = File.Exists(ignorePath) && new FileInfo(ignorePath).LinkTarget is null
            ? DockerIgnore.Parse(await File.ReadAllTextAsync(ignorePath, cancellationToken).ConfigureAwait(false))
            : DockerIgnore.Empty;

        await using var tar = new TarWriter(output, TarEntryFormat.Pax, leaveOpen: true);
        if (generatedDockerfile is not null)
        {
            var entry = new PaxTarEntry(TarEntryType.RegularFile, dockerfile)
            {
                Mode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead,
                DataStream = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(generatedDockerfile)),
            };
            await tar.WriteEntryAsync(entry, cancellationToken).ConfigureAwait(false);
        }
        await WalkAsync(root, "", tar, ignore, dockerfile, generatedDockerfile is not null, cancellationToken).ConfigureAwait(false);
    }

    private static async Task WalkAsync(string root, string relativeDir, TarWriter tar, DockerIgnore ignore,
        string dockerfile, bool skipDockerfile, CancellationToken ct)
    {
        var dir = new DirectoryInfo(relativeDir.Length == 0 ? root : Path.Combine(root, relativeDir));
        var children = dir.EnumerateFileSystemInfos().OrderBy(i => i.Name, StringComparer.Ordinal);
        foreach (var info in children)
        {
            ct.ThrowIfCancellationRequested();
            var relative = relativeDir.Length == 0 ? info.Name : relativeDir + "/" + info.Name;
            if (relativeDir.Length == 0 && info.Name == ".git")
                continue;
            var isDockerfile = relative == dockerfile;
            if (isDockerfile && skipDockerfile)
                continue;
            var alwaysIn = isDockerfile || relative == DockerIgnore.FileName;
            var isLink = info.LinkTarget is not null;
            var isDir = !isLink && info is DirectoryInfo;
            if (!alwaysIn && ignore.IsExcluded(relative))
            {
                // An excluded directory may still hold an exception ("!dir/keep"); only then descend.
                if (!isDir || !ignore.HasExceptions)
                    continue;
                await WalkAsync(root, relative, tar, ignore, dockerfile, skipDockerfile, ct).ConfigureAwait(false);
                continue;
            }
            if (isLink || info is FileInfo)
            {
                // TarWriter stores a symlink as a SymbolicLink entry (lstat), so the target is never read.
                await tar.WriteEntryAsync(info.FullName, relative, ct).ConfigureAwait(false);
            }
            else if (isDir)
            {
                await tar.WriteEntryAsync(info.FullName, relative, ct).ConfigureAwait(false);
                await WalkAsync(root, relative, tar, ignore, dockerfile, skipDockerfile, ct).ConfigureAwait(false);
            }
        }
    }
}
