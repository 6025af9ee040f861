using System.Globalization;
using Hiy.Docker;
using Hiy.Store;

namespace Hiy.Builds;

/// <summary>What a trim did: hiy's images before it, what it freed, what it removed, how many it kept.</summary>
public sealed record CacheTrim(long TotalBytes, long FreedBytes, IReadOnlyList<string> Removed, int Kept);

/// <summary>
/// After each build: measures hiy's own images through <c>GET /system/df</c> and removes unprotected ones,
/// oldest first, until they fit the <c>build_cache_max_mb</c> cap (<see cref="BuildCachePolicy"/>). Only images
/// hiy labelled for apps this appliance knows are touched — never another image, and never
/// <c>POST /build/prune</c>, which would empty every user's BuildKit cache on the host.
/// </summary>
public sealed class BuildCacheTrimmer(DockerClient docker, AppRepository apps, DeployRepository deploys, long capBytes)
{
    public long CapBytes => capBytes;

    /// <summary>After a build: trims to the configured cap, saying so in the deploy's log.</summary>
    public async Task TrimAsync(BuildLog log, CancellationToken ct)
    {
        var trim = await TrimToAsync(capBytes, ct);
        if (trim.Removed.Count == 0 && trim.TotalBytes <= capBytes)
        {
            log.Step($"build cache: {Mb(trim.TotalBytes)} MB, within cap {Mb(capBytes)} MB");
            return;
        }
        foreach (var removed in trim.Removed)
            log.Line($"       removed {removed}");
        log.Step($"build cache: {Mb(trim.TotalBytes)} MB > cap {Mb(capBytes)} MB, pruned {Mb(trim.FreedBytes)} MB");
    }

    /// <summary>
    /// Removes hiy's unprotected images, oldest first, until they fit <paramref name="cap"/> (0: every image that no
    /// current deploy, rollback target or container needs — the owner's "free up space" on a full disk).
    /// </summary>
    public async Task<CacheTrim> TrimToAsync(long cap, CancellationToken ct)
    {
        var known = apps.List();
        var names = known.Select(a => a.Name).ToHashSet(StringComparer.Ordinal);
        var keep = known.SelectMany(a => BuildCachePolicy.Keep(a.CurrentDeployId, deploys.List(a.Name, 200))).ToHashSet(StringComparer.Ordinal);
        var df = await docker.GetDiskUsageAsync(ct);
        var mine = (df.Images ?? [])
            .Where(i => BuildCachePolicy.IsHiys(i.Labels, names))
            .Select(i => new CachedImage(i.Id, (i.RepoTags ?? []).Where(t => t != "<none>:<none>").ToArray(),
                DateTimeOffset.FromUnixTimeSeconds(i.Created), i.SharedSize >= 0 ? i.Size - i.SharedSize : i.Size, i.Containers > 0))
            .ToArray();
        var plan = BuildCachePolicy.Plan(mine, keep, cap);
        long freed = 0;
        var removed = new List<string>();
        foreach (var image in plan.Remove)
        {
            try
            {
                // By tag: an image tagged twice cannot be removed by id without force; the last untag deletes it.
                foreach (var reference in image.Tags.Count > 0 ? image.Tags : [image.Id])
                    await docker.RemoveImageAsync(reference, force: false, ct);
                freed += image.Bytes;
                removed.Add(string.Join(", ", image.Tags.Count > 0 ? image.Tags : [image.Id[..Math.Min(19, image.Id.Length)]]));
            }
            catch (DockerApiException e) when (e.StatusCode is System.Net.HttpStatusCode.Conflict or System.Net.HttpStatusCode.NotFound)
            {
                // started by a container meanwhile, or already gone: the next build looks again
            }
        }
        return new CacheTrim(plan.TotalBytes, freed, removed, mine.Length - removed.Count);
    }

    private static string Mb(long bytes) => (bytes / 1048576.0).ToString("0.#", CultureInfo.InvariantCulture);
}
