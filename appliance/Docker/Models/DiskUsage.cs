namespace Hiy.Docker.Models;

/// <summary>GET /system/df (API 1.41): what images, layers and the build cache take on disk.</summary>
public sealed record DiskUsage
{
    /// <summary>Every layer on the host, shared ones counted once.</summary>
    public long LayersSize { get; init; }
    public DiskUsageImage[]? Images { get; init; }
    /// <summary>BuildKit's cache records (empty under the classic builder hiy drives).</summary>
    public DiskUsageBuildCache[]? BuildCache { get; init; }
}

/// <summary>One image of GET /system/df: <see cref="Size"/> includes layers shared with other images (<see cref="SharedSize"/>).</summary>
public sealed record DiskUsageImage
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

/// <summary>One BuildKit cache record.</summary>
public sealed record DiskUsageBuildCache
{
    public string ID { get; init; } = "";
    public long Size { get; init; }
    public bool InUse { get; init; }
}
