namespace Hiy.Docker.Models;

/// <summary>GET /system/df (API 1.41): what images, layers and the build cache take on disk.</summary>
public sealed record DiskUsage
{
    /// <summary>Every layer on the host, shared ones counted once.</summary>
    public long LayersSize { get; init; }
    /// <summary>The same shape as GET /images/json; <see cref="ImageSummary.Size"/> includes shared layers.</summary>
    public ImageSummary[]? Images { get; init; }
    /// <summary>BuildKit's cache records (empty under the classic builder hiy drives).</summary>
    public DiskUsageBuildCache[]? BuildCache { get; init; }
}

/// <summary>One BuildKit cache record.</summary>
public sealed record DiskUsageBuildCache
{
    public string ID { get; init; } = "";
    public long Size { get; init; }
    public bool InUse { get; init; }
}
