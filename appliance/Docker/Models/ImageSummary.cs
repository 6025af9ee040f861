namespace Hiy.Docker.Models;

/// <summary>One entry of GET /images/json.</summary>
public sealed record ImageSummary
{
    public string Id { get; init; } = "";
    public string? ParentId { get; init; }
    public string[]? RepoTags { get; init; }
    public Dictionary<string, string>? Labels { get; init; }
    public long Created { get; init; }
    public long Size { get; init; }
}
