namespace Hiy.Store;

/// <summary>One row of <c>deploys</c> (API.md: status queued|building|deploying|succeeded|failed|canceled).</summary>
public sealed record DeployRecord
{
    public long Id { get; init; }
    public long AppId { get; init; }
    public required string App { get; init; }
    public required DeployStatus Status { get; init; }
    public string? Ref { get; init; }
    public string? Sha { get; init; }
    public required DeployTrigger TriggeredBy { get; init; }
    public string? Image { get; init; }
    public string? ContainerId { get; init; }
    /// <summary>The version of the app's static site this deploy published or re-activated; null for a container deploy.</summary>
    public string? SiteVersion { get; init; }
    public string? Error { get; init; }
    public string? StepTimings { get; init; }
    public DateTimeOffset QueuedAt { get; init; }
    public DateTimeOffset? StartedAt { get; init; }
    public DateTimeOffset? FinishedAt { get; init; }

    public bool IsFinished => Status.IsFinal();
}
