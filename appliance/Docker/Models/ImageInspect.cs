namespace Hiy.Docker.Models;

/// <summary>GET /images/{name}/json, the parts hiy reads.</summary>
public sealed record ImageInspect
{
    public string Id { get; init; } = "";
    public string[]? RepoTags { get; init; }
    public string? Created { get; init; }
    public string? Architecture { get; init; }
    public string? Variant { get; init; }
    public string? Os { get; init; }
    public long Size { get; init; }
    public ImageConfig? Config { get; init; }

    /// <summary>The image's labels (they live under <c>Config</c>); empty when it has none.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public IReadOnlyDictionary<string, string> Labels => Config?.Labels ?? [];
}

/// <summary>An image's run configuration.</summary>
public sealed record ImageConfig
{
    public string? User { get; init; }
    public string[]? Env { get; init; }
    public string[]? Cmd { get; init; }
    public string[]? Entrypoint { get; init; }
    public string? WorkingDir { get; init; }
    public Dictionary<string, EmptyObject>? ExposedPorts { get; init; }
    public Dictionary<string, EmptyObject>? Volumes { get; init; }
    public HealthConfig? Healthcheck { get; init; }
    public Dictionary<string, string>? Labels { get; init; }
}
