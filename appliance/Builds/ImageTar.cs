using System.Formats.Tar;
using System.Text.Json;

namespace Hiy.Builds;

/// <summary>
/// What a <c>docker save</c> tar says about itself before the engine sees it: whether it is an image archive
/// at all, and every tag it would apply on load. The engine tags as it loads, so the check has to come first:
/// a tar naming <c>hiy/other-app:…</c> or a base image would otherwise re-point that tag.
/// Tags come from <c>manifest.json</c> (<c>RepoTags</c>), the legacy <c>repositories</c> file, and an OCI
/// <c>index.json</c>'s <c>io.containerd.image.name</c> annotations (Docker 25+ writes all three).
/// </summary>
public sealed record ImageTar(bool IsImageArchive, IReadOnlyList<string> Tags)
{
    /// <summary>The most of the small JSON files read; a larger one is not a real save's.</summary>
    private const int MaxJsonBytes = 4 << 20;

    public static ImageTar Read(Stream tar)
    {
        var tags = new List<string>();
        var isImage = false;
        using var reader = new TarReader(tar, leaveOpen: true);
        while (reader.GetNextEntry() is { } entry)
        {
            var name = entry.Name.TrimStart('.', '/');
            if (name is not ("manifest.json" or "repositories" or "index.json") || entry.DataStream is null || entry.Length > MaxJsonBytes)
                continue;
            using var json = JsonDocument.Parse(entry.DataStream);
            var root = json.RootElement;
            switch (name)
            {
                case "manifest.json" when root.ValueKind == JsonValueKind.Array:
                    isImage = true;
                    foreach (var image in root.EnumerateArray())
                    {
                        if (image.ValueKind == JsonValueKind.Object && image.TryGetProperty("RepoTags", out var repoTags) && repoTags.ValueKind == JsonValueKind.Array)
                            tags.AddRange(repoTags.EnumerateArray().Where(t => t.ValueKind == JsonValueKind.String).Select(t => t.GetString()!));
                    }
                    break;
                case "index.json" when root.ValueKind == JsonValueKind.Object:
                    isImage = true;
                    if (root.TryGetProperty("manifests", out var manifests) && manifests.ValueKind == JsonValueKind.Array)
                    {
                        foreach (var m in manifests.EnumerateArray())
                        {
                            if (m.ValueKind == JsonValueKind.Object && m.TryGetProperty("annotations", out var a) && a.ValueKind == JsonValueKind.Object
                                && a.TryGetProperty("io.containerd.image.name", out var n) && n.ValueKind == JsonValueKind.String)
                                tags.Add(n.GetString()!);
                        }
                    }
                    break;
                case "repositories" when root.ValueKind == JsonValueKind.Object:
                    foreach (var repo in root.EnumerateObject())
                    {
                        if (repo.Value.ValueKind == JsonValueKind.Object)
                            tags.AddRange(repo.Value.EnumerateObject().Select(t => $"{repo.Name}:{t.Name}"));
                    }
                    break;
            }
        }
        return new ImageTar(isImage, tags.Distinct(StringComparer.Ordinal).ToList());
    }

    /// <summary>The tags outside <paramref name="ownRepository"/> (e.g. <c>hiy/blog</c>), as the tar spells them.</summary>
    public IReadOnlyList<string> ForeignTags(string ownRepository) =>
        Tags.Where(t => !string.Equals(Repository(t), ownRepository, StringComparison.Ordinal)).ToList();

    /// <summary>
    /// The repository part of a reference, as the engine normalises it: no digest or tag, no <c>docker.io/</c>,
    /// no <c>library/</c> (so <c>busybox:1</c>, <c>library/busybox</c> and <c>docker.io/library/busybox</c> are one).
    /// </summary>
    public static string Repository(string reference)
    {
        var r = reference;
        var at = r.IndexOf('@');
        if (at >= 0)
            r = r[..at];
        var colon = r.LastIndexOf(':');
        if (colon > r.LastIndexOf('/'))
            r = r[..colon];
        if (r.StartsWith("docker.io/", StringComparison.Ordinal))
            r = r["docker.io/".Length..];
        if (r.StartsWith("library/", StringComparison.Ordinal))
            r = r["library/".Length..];
        return r;
    }
}
