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

/// <summary>
/// How <see cref="BuildQueue.Enqueue"/> placed a request: its index among the waiting ones, the request it replaced,
/// and every deploy that runs before it (the running one first), as seen at that moment.
/// </summary>
public sealed record EnqueueResult(int Position, long? ReplacedDeployId, IReadOnlyList<BuildRequest>? Ahead = null)
{
    private const int Named = 3;

    /// <summary>
    /// Pure: the deploy log's line for a request that has to wait, e.g. <c>waiting: 1 deploy ahead (deploy 12 of blog)</c>;
    /// null when it runs at once.
    /// </summary>
    public string? WaitingLine()
    {
        if (Ahead is not { Count: > 0 } ahead)
            return null;
        var names = string.Join(", ", ahead.Take(Named).Select(r => $"deploy {r.DeployId} of {r.App}"));
        if (ahead.Count > Named)
            names += $" and {ahead.Count - Named} more";
        return $"waiting: {ahead.Count} {(ahead.Count == 1 ? "deploy" : "deploys")} ahead ({names})";
    }
}
