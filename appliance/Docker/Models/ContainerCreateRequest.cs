namespace Hiy.Docker.Models;

/// <summary>
/// POST /containers/create: the container's config, with <see cref="HostConfig"/> (limits, ports, mounts,
/// security) and <see cref="NetworkingConfig"/> (networks joined at create time).
/// </summary>
public sealed record ContainerCreateRequest
{
    public required string Image { get; init; }
    public string[]? Cmd { get; init; }
    public string[]? Entrypoint { get; init; }
    public string[]? Env { get; init; }
    public Dictionary<string, string>? Labels { get; init; }
    public Dictionary<string, EmptyObject>? ExposedPorts { get; init; }
    public HealthConfig? Healthcheck { get; init; }
    public string? User { get; init; }
    public string? WorkingDir { get; init; }
    public string? Hostname { get; init; }
    public bool Tty { get; init; }
    public int? StopTimeout { get; init; }
    public string? StopSignal { get; init; }
    public HostConfig? HostConfig { get; init; }
    public NetworkingConfig? NetworkingConfig { get; init; }
}

/// <summary>The networks a new container joins, by network name.</summary>
public sealed record NetworkingConfig
{
    public Dictionary<string, EndpointSettings>? EndpointsConfig { get; init; }
}

/// <summary>A container's attachment to one network.</summary>
public sealed record EndpointSettings
{
    public string[]? Aliases { get; init; }
    public string? NetworkID { get; init; }
    public string? IPAddress { get; init; }
    public string? Gateway { get; init; }
    public string? MacAddress { get; init; }
}

/// <summary>POST /containers/create answers with the new id.</summary>
public sealed record ContainerCreateResponse
{
    public string Id { get; init; } = "";
    public string[]? Warnings { get; init; }
}

/// <summary>POST /containers/{id}/wait.</summary>
public sealed record ContainerWaitResponse
{
    public long StatusCode { get; init; }
    public ContainerWaitError? Error { get; init; }
}

public sealed record ContainerWaitError
{
    public string? Message { get; init; }
}
