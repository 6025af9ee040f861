using Hiy.Store;

namespace Hiy.Builds;

/// <summary>One of hiy's own images as the cache cap sees it: <see cref="Bytes"/> is what only it holds on disk.</summary>
public sealed record CachedImage(string Id, IReadOnlyList<string> Tags, DateTimeOffset Created, long Bytes, bool InUse);

/// <summary>What the cache cap decided: hiy's total, the cap, and the images to remove (oldest first) to get under it.</summary>
public sealed record CachePlan(long TotalBytes, long CapBytes, IReadOnlyList<CachedImage> Remove)
{
    public long FreedBytes => Remove.Sum(i => i.Bytes);
    public bool WithinCap => TotalBytes <= CapBytes;
}

/// <summary>
/// The build-cache cap (setting <c>build_cache_max_mb</c>). Pure. Under Docker 20.10's classic builder a build's
/// cache is its image's chain of untagged parent layers, which Docker deletes with the image, so hiy's cache
/// is its own images: those labelled <c>hiy.managed</c> (app images) or <c>hiy.builder</c> (static-site
/// builders) of apps this appliance knows. Never removed: an image a container uses, and per app the image
/// it runs and the one a rollback would pick.
/// </summary>
public static class BuildCachePolicy
{
    /// <summary>Is this image hiy's (and one of <paramref name="apps"/>')? Another hiy's, or anyone else's, never is.</summary>
    public static bool IsHiys(IReadOnlyDictionary<string, string>? labels, IReadOnlySet<string> apps)
    {
        if (labels is null)
            return false;
        if (labels.TryGetValue("hiy.builder", out var builder))
            return apps.Contains(builder);
        return labels.TryGetValue("hiy.managed", out var managed) && managed == "1"
            && labels.TryGetValue("hiy.app", out var app) && apps.Contains(app);
    }

    /// <summary>
    /// The images an app must keep: its current deploy's, and the one <c>POST /rollback</c> would pick (the newest
    /// succeeded deploy other than the current one with another image). <paramref name="history"/> is newest first.
    /// </summary>
    public static IEnumerable<string> Keep(long? currentDeployId, IReadOnlyList<DeployRecord> history)
    {
        var current = history.FirstOrDefault(d => d.Id == currentDeployId)?.Image;
        if (current is not null)
            yield return current;
        if (RollbackRule.Target(currentDeployId, history)?.Image is { } image)
            yield return image;
    }

    /// <summary>
    /// Removes unprotected images oldest first until hiy's total is within <paramref name="capBytes"/> (or nothing is left to
    /// remove); a cap of 0 removes every unprotected one.
    /// </summary>
    public static CachePlan Plan(IReadOnlyList<CachedImage> images, IReadOnlySet<string> keep, long capBytes)
    {
        var total = images.Sum(i => i.Bytes);
        var remove = new List<CachedImage>();
        var left = total;
        foreach (var image in images.OrderBy(i => i.Created).ThenBy(i => i.Id, StringComparer.Ordinal))
        {
            // A cap of 0 removes every unprotected image, also those that hold no bytes of their own (layers shared).
            if (left <= capBytes && capBytes > 0)
                break;
            if (image.InUse || keep.Contains(image.Id) || image.Tags.Any(keep.Contains))
                continue;
            remove.Add(image);
            left -= image.Bytes;
        }
        return new CachePlan(total, capBytes, remove);
    }
}
