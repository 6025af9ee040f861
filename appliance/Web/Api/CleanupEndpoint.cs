using Hiy.Builds;
using Hiy.Docker;
using Hiy.Store;

namespace Hiy.Web.Api;

/// <summary>
/// POST /api/v1/system/cleanup: the owner's "free up space" (issue 13 item 5). Removes every hiy image that no current
/// deploy, rollback target or container needs (the build cache trimmed to nothing), and answers what it freed and the
/// disk after. It runs on a full disk too (<see cref="DiskFullGate"/>): freeing space is how the owner gets out of it.
/// </summary>
public sealed class CleanupEndpoint(BuildCacheTrimmer trimmer, DiskGuard disk)
{
    public async Task PostAsync(HttpContext ctx)
    {
        CacheTrim trim;
        try
        {
            trim = await trimmer.TrimToAsync(0, ctx.RequestAborted);
        }
        catch (DockerApiException e)
        {
            await HttpResults.Problem(ctx, 503, "Docker unavailable", $"unused images could not be removed: {e.Message}");
            return;
        }
        disk.Invalidate();
        var after = disk.Current();
        await HttpResults.Json(ctx, new CleanupView(trim.FreedBytes, trim.Removed, trim.Kept,
            new DiskSpaceView(after.Path, after.TotalBytes, after.UsableBytes, after.MinFreeBytes), after.Full), ApiJsonContext.Default.CleanupView);
    }
}

/// <summary>What a cleanup removed; <c>disk_full</c> is false once the data disk has room again.</summary>
public sealed record CleanupView(long FreedBytes, IReadOnlyList<string> RemovedImages, int KeptImages, DiskSpaceView Disk, bool DiskFull);
