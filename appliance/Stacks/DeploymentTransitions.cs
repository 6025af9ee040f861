using Hiy.Store;

namespace Hiy.Stacks;

/// <summary>
/// Hoster's state machine as one table (its README, "Deployment States"), plus <c>pending → deleting</c>: a deployment
/// that never started has nothing running and can go. Anything not in the table is refused (409 at the API).
/// </summary>
public static class DeploymentTransitions
{
    private static readonly Dictionary<DeploymentStatus, DeploymentStatus[]> Allowed = new()
    {
        [DeploymentStatus.Pending] = [DeploymentStatus.Scheduled, DeploymentStatus.Deleting],
        [DeploymentStatus.Scheduled] = [DeploymentStatus.Starting],
        [DeploymentStatus.Starting] = [DeploymentStatus.Running, DeploymentStatus.Failed],
        [DeploymentStatus.Running] = [DeploymentStatus.Stopping, DeploymentStatus.Failed],
        [DeploymentStatus.Stopping] = [DeploymentStatus.Stopped],
        [DeploymentStatus.Stopped] = [DeploymentStatus.Starting, DeploymentStatus.Deleting],
        [DeploymentStatus.Failed] = [DeploymentStatus.Starting, DeploymentStatus.Deleting],
        [DeploymentStatus.Deleting] = [DeploymentStatus.Deleted],
        [DeploymentStatus.Deleted] = [],
    };

    public static bool CanMove(DeploymentStatus from, DeploymentStatus to) => Allowed[from].Contains(to);

    /// <summary>The transitions out of a state, for the 409's detail.</summary>
    public static IReadOnlyList<DeploymentStatus> From(DeploymentStatus from) => Allowed[from];

    /// <summary>Deployments that hold containers or may soon: a template with one of these cannot be deleted.</summary>
    public static bool IsActive(DeploymentStatus s) => s is not DeploymentStatus.Deleted;
}

/// <summary>
/// What a deployment left mid-change by a stopped hiy becomes at start-up, through the table's own moves: one that was
/// starting (or only scheduled) failed, one that was stopping stopped. A delete left deleting is finished by asking again.
/// </summary>
public static class DeploymentRecovery
{
    public static IReadOnlyList<DeploymentStatus> Moves(DeploymentStatus left) => left switch
    {
        DeploymentStatus.Scheduled => [DeploymentStatus.Starting, DeploymentStatus.Failed],
        DeploymentStatus.Starting => [DeploymentStatus.Failed],
        DeploymentStatus.Stopping => [DeploymentStatus.Stopped],
        _ => [],
    };
}
