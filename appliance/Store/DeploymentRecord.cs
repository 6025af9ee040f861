namespace Hiy.Store;

/// <summary>A deployment's state, as Hoster names them (transitions: <c>Stacks/DeploymentTransitions</c>).</summary>
public enum DeploymentStatus { Pending, Scheduled, Starting, Running, Stopping, Stopped, Deleting, Deleted, Failed }

/// <summary>One row of <c>deployments</c>: an instance of a template, its variables opened from their sealed column.</summary>
public sealed record DeploymentRecord
{
    public required string Id { get; init; }
    public required string Name { get; init; }
    public required string TemplateId { get; init; }
    public required string TemplateVersion { get; init; }
    public required string CustomerId { get; init; }
    public DeploymentStatus Status { get; init; } = DeploymentStatus.Pending;
    public IReadOnlyDictionary<string, string> Variables { get; init; } = new Dictionary<string, string>();
    public string? ErrorMessage { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }
    public DateTimeOffset? StartedAt { get; init; }
    public DateTimeOffset? StoppedAt { get; init; }

    /// <summary>The status as the API and the <c>status</c> column write it: <c>running</c>, <c>deleted</c>.</summary>
    public static string StatusText(DeploymentStatus s) => s.ToString().ToLowerInvariant();

    public static DeploymentStatus ParseStatus(string s) => Enum.Parse<DeploymentStatus>(s, ignoreCase: true);
}
