using System.Formats.Tar;
using System.IO.Compression;

namespace Hiy.Ops;

/// <summary>
/// The one .tar.gz writer of Ops (support bundles and backups): pax entries, gzip around them, closed in the right
/// order so the gzip trailer follows the tar's end-of-archive blocks.
/// </summary>
public sealed class ArchiveWriter : IAsyncDisposable
{
    public const UnixFileMode FileMode644 = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;

    private readonly GZipStream _gzip;
    private readonly TarWriter _tar;

    public ArchiveWriter(Stream output, CompressionLevel level = CompressionLevel.Optimal)
    {
        _gzip = new GZipStream(output, level, leaveOpen: true);
        _tar = new TarWriter(_gzip, TarEntryFormat.Pax, leaveOpen: true);
    }

    /// <summary>A regular file from <paramref name="data"/> (read from its position to its end).</summary>
    public Task AddFileAsync(string name, Stream data, DateTimeOffset modified, UnixFileMode mode, CancellationToken ct) =>
        _tar.WriteEntryAsync(new PaxTarEntry(TarEntryType.RegularFile, name) { DataStream = data, ModificationTime = modified, Mode = mode }, ct);

    public Task AddDirectoryAsync(string name, DateTimeOffset modified, CancellationToken ct) =>
        _tar.WriteEntryAsync(new PaxTarEntry(TarEntryType.Directory, name)
        {
            ModificationTime = modified,
            Mode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute,
        }, ct);

    public Task AddSymbolicLinkAsync(string name, string target, DateTimeOffset modified, CancellationToken ct) =>
        _tar.WriteEntryAsync(new PaxTarEntry(TarEntryType.SymbolicLink, name) { LinkName = target, ModificationTime = modified }, ct);

    public async ValueTask DisposeAsync()
    {
        await _tar.DisposeAsync();
        await _gzip.DisposeAsync();
    }
}
