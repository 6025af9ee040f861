namespace Hiy.Docker.Models;

/// <summary>One entry of GET /images/json (and of GET /system/df's images): <see cref="Size"/> includes layers shared with other images (<see cref="SharedSize"/>).</summary>
public sealed record ImageSummary
{
    public string Id { get; init; } = "";
    public string? ParentId { get; init; }
    public string[]? RepoTags { get; init; }
    public Dictionary<string, string>? Labels { get; init; }
    public long Created { get; init; }
    public long Size { get; init; }
    public long SharedSize { get; init; }
    /// <summary>How many containers use it (-1 when Docker did not count).</summary>
    public long Containers { get; init; }
}
