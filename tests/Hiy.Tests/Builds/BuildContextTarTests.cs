using System.Formats.Tar;
using Hiy.Builds;

namespace Hiy.Tests.Builds;

public class BuildContextTarTests
{
    [Fact]
    public async Task Open_Directory_SkipsGitAndIgnoredKeepsLinksAsLinks()
    {
        using var dir = new TempDir();
        using var outside = new TempDir();
        dir.Write("Dockerfile", "FROM scratch");
        dir.Write(".dockerignore", "*.log\nnode_modules\nDockerfile\n!node_modules/keep.txt");
        dir.Write("src/app.js", "x");
        dir.Write("debug.log", "x");
        dir.Write("node_modules/a/b.js", "x");
        dir.Write("node_modules/keep.txt", "x");
        dir.Write(".git/HEAD", "ref");
        File.WriteAllText(outside.File("secret"), "host secret");
        File.CreateSymbolicLink(dir.File("escape"), outside.File("secret"));
        Directory.CreateSymbolicLink(dir.File("escapedir"), outside.Path);

        var entries = await ReadAsync(BuildContextTar.Open(dir.Path));

        // The Dockerfile and .dockerignore always go in (as with the docker CLI), even when ignored.
        Assert.Equal([".dockerignore", "Dockerfile", "escape", "escapedir", "node_modules/keep.txt", "src", "src/app.js"],
            entries.Keys.Order(StringComparer.Ordinal).ToArray());
        Assert.Equal(TarEntryType.SymbolicLink, entries["escape"].Type);
        Assert.Equal(TarEntryType.SymbolicLink, entries["escapedir"].Type);
        Assert.DoesNotContain(entries.Keys, k => k.StartsWith("escapedir/", StringComparison.Ordinal));
        Assert.DoesNotContain(entries.Values, e => e.Content == "host secret");
    }

    [Fact]
    public async Task Open_GeneratedDockerfile_ReplacesRepoFile()
    {
        using var dir = new TempDir();
        dir.Write("Dockerfile", "FROM old");
        dir.Write("package.json", "{}");
        var entries = await ReadAsync(BuildContextTar.Open(dir.Path, "Dockerfile", "FROM new\n"));
        Assert.Equal("FROM new\n", entries["Dockerfile"].Content);
        Assert.Equal("{}", entries["package.json"].Content);
    }

    [Fact]
    public async Task Open_MissingDirectory_ReaderSeesError()
    {
        await using var stream = BuildContextTar.Open("/nonexistent/hiy-context");
        await Assert.ThrowsAnyAsync<IOException>(() => stream.CopyToAsync(Stream.Null));
    }


    private static async Task<Dictionary<string, (TarEntryType Type, string? Content)>> ReadAsync(Stream stream)
    {
        var result = new Dictionary<string, (TarEntryType, string?)>(StringComparer.Ordinal);
        await using (stream)
        {
            await using var reader = new TarReader(stream);
            while (await reader.GetNextEntryAsync(copyData: true) is { } entry)
            {
                string? content = null;
                if (entry.DataStream is { } data)
                    content = await new StreamReader(data).ReadToEndAsync();
                result[entry.Name.TrimEnd('/')] = (entry.EntryType, content);
            }
        }
        return result;
    }
}
