using System.Formats.Tar;
using System.Text;

namespace Hiy.Tests.Docker;

/// <summary>An in-memory tar of text files: a docker build context.</summary>
internal static class TarContext
{
    public static MemoryStream Create(params (string Path, string Content)[] files)
    {
        var tar = new MemoryStream();
        using (var writer = new TarWriter(tar, TarEntryFormat.Ustar, leaveOpen: true))
        {
            foreach (var (path, content) in files)
            {
                var entry = new UstarTarEntry(TarEntryType.RegularFile, path)
                {
                    DataStream = new MemoryStream(Encoding.UTF8.GetBytes(content)),
                    Mode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead,
                };
                writer.WriteEntry(entry);
            }
        }
        tar.Position = 0;
        return tar;
    }

    public static MemoryStream Dockerfile(string dockerfile) => Create(("Dockerfile", dockerfile));
}
