using Hiy.Store;
namespace Hiy.Builds;

/// <summary>
/// One deploy to run. <paramref name="DeployId"/> is the deploy record the caller already created
/// (status queued); <paramref name="Ref"/> is a sha or branch, null for the app's branch head.
/// </summary>
public sealed record BuildRequest(long DeployId, string App, string? Ref, DeployTrigger TriggeredBy);

/// <summary>What a build's work reports when it ends without throwing.</summary>
public sealed record BuildOutcome(bool Succeeded, string? Detail = null)
{
    public static BuildOutcome Success { get; } = new(true);

    public static BuildOutcome Failure(string detail) => new(false, detail);
}

/// <summary>A status change the integrator persists (deploy record) and publishes (dashboard).</summary>
public sealed record BuildStatusChange(BuildRequest Request, DeployStatus Status, DateTimeOffset At, string? Detail = null);

/// <summary>How <see cref="BuildQueue.Enqueue"/> placed a request.</summary>
public sealed record EnqueueResult(int Position, long? ReplacedDeployId);
