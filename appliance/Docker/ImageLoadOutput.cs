namespace Hiy.Docker;

/// <summary>
/// What <c>POST /images/load</c> says it loaded. The engine streams progress text, not a list: one
/// <c>Loaded image: name:tag</c> line per tag in the tar and <c>Loaded image ID: sha256:…</c> for an untagged
/// image. Only those lines name images; anything else is progress.
/// </summary>
public static class ImageLoadOutput
{
    private const string Tagged = "Loaded image: ";
    private const string Untagged = "Loaded image ID: ";

    /// <summary>The references (tags first, then ids) the load named, in the engine's order.</summary>
    public static IReadOnlyList<string> Images(IEnumerable<string> lines)
    {
        var tags = new List<string>();
        var ids = new List<string>();
        foreach (var raw in lines)
        {
            var line = raw.Trim();
            if (line.StartsWith(Untagged, StringComparison.Ordinal))
                ids.Add(line[Untagged.Length..].Trim());
            else if (line.StartsWith(Tagged, StringComparison.Ordinal))
                tags.Add(line[Tagged.Length..].Trim());
        }
        return [.. tags.Where(t => t.Length > 0), .. ids.Where(i => i.Length > 0)];
    }
}
