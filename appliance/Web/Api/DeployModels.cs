namespace Hiy.Web.Api;

public sealed record DeployRequest
{
    public string? Ref { get; init; }
}

public sealed record RollbackRequest
{
    public long? DeployId { get; init; }
}

/// <summary>A deploy as the API shows it; <c>log</c> only on the single-deploy route.</summary>
public sealed record DeployView(
    long Id,
    string App,
    string Status,
    string? Ref,
    string? Sha,
    string TriggeredBy,
    string? Image,
    string? SiteVersion,
    string? Error,
    DateTimeOffset QueuedAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? FinishedAt,
    long? DurationMs,
    IReadOnlyDictionary<string, long>? StepTimingsMs,
    string? Log = null);

public sealed record DeployListResponse(IReadOnlyList<DeployView> Deploys);
