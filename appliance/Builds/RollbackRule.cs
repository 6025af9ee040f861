using Hiy.Store;

namespace Hiy.Builds;

/// <summary>
/// The one rule for "roll back": the newest succeeded deploy, other than the current one, that runs something
/// else (another image, or another static-site version). <c>POST /rollback</c> deploys it, and the build-cache cap
/// keeps its image, so what a rollback would pick is never pruned.
/// </summary>
public static class RollbackRule
{
    /// <param name="history">The app's deploys, newest first.</param>
    public static DeployRecord? Target(long? currentDeployId, IReadOnlyList<DeployRecord> history)
    {
        var current = history.FirstOrDefault(d => d.Id == currentDeployId);
        return history.FirstOrDefault(d => d.Status == DeployStatus.Succeeded && d.Id != currentDeployId
            && (d.Image is not null && d.Image != current?.Image || d.Image is null && d.SiteVersion is not null && d.SiteVersion != current?.SiteVersion));
    }
}
