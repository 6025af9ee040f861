namespace Hiy.Docker.Models;

/// <summary>One entry of GET /containers/json.</summary>
public sealed record ContainerSummary
{
    public string Id { get; init; } = "";

    /// <summary>With leading slashes, as Docker reports them.</summary>
    public string[]? Names { get; init; }

    public string? Image { get; init; }
    public string? ImageID { get; init; }
    public long Created { get; init; }

    /// <summary><c>created</c>, <c>running</c>, <c>exited</c>, …</summary>
    public string? State { get; init; }

    /// <summary>Human text such as <c>Up 3 minutes (healthy)</c>.</summary>
    public string? Status { get; init; }

    public Dictionary<string, string>? Labels { get; init; }
    public ContainerPort[]? Ports { get; init; }
}

public sealed record ContainerPort
{
    public string? IP { get; init; }
    public int PrivatePort { get; init; }
    public int? PublicPort { get; init; }
    public string? Type { get; init; }
}
