using System.Globalization;
using Hiy.Docker;
using Hiy.Store;

namespace Hiy.Builds;

/// <summary>
/// After each build: measures hiy's own images through <c>GET /system/df</c> and removes unprotected ones,
/// oldest first, until they fit the <c>build_cache_max_mb</c> cap (<see cref="BuildCachePolicy"/>). Only images
/// hiy labelled for apps this appliance knows are touched — never another image, and never
/// <c>POST /build/prune</c>, which would empty every user's BuildKit cache on the host.
/// </summary>
public sealed class BuildCacheTrimmer(DockerClient docker, AppRepository apps, DeployRepository deploys, long capBytes)
{
    public long CapBytes => capBytes;

    public async Task TrimAsync(BuildLog log, CancellationToken ct)
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
        var plan = BuildCachePolicy.Plan(mine, keep, capBytes);
        if (plan.WithinCap)
        {
            log.Step($"build cache: {Mb(plan.TotalBytes)} MB, within cap {Mb(capBytes)} MB");
            return;
        }
        long freed = 0;
        foreach (var image in plan.Remove)
        {
            try
            {
                // By tag: an image tagged twice cannot be removed by id without force; the last untag deletes it.
                foreach (var reference in image.Tags.Count > 0 ? image.Tags : [image.Id])
                    await docker.RemoveImageAsync(reference, force: false, ct);
                freed += image.Bytes;
                log.Line($"       removed {string.Join(", ", image.Tags.Count > 0 ? image.Tags : [image.Id[..Math.Min(19, image.Id.Length)]])}");
            }
            catch (DockerApiException e) when (e.StatusCode is System.Net.HttpStatusCode.Conflict or System.Net.HttpStatusCode.NotFound)
            {
                // started by a container meanwhile, or already gone: the next build looks again
            }
        }
        log.Step($"build cache: {Mb(plan.TotalBytes)} MB > cap {Mb(capBytes)} MB, pruned {Mb(freed)} MB");
    }

    private static string Mb(long bytes) => (bytes / 1048576.0).ToString("0.#", CultureInfo.InvariantCulture);
}
