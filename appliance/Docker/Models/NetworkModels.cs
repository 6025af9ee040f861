namespace Hiy.Docker.Models;

/// <summary>POST /networks/create.</summary>
public sealed record NetworkCreateRequest
{
    public required string Name { get; init; }
    public string Driver { get; init; } = "bridge";
    public bool CheckDuplicate { get; init; } = true;
    public bool Internal { get; init; }
    public bool Attachable { get; init; }
    public Dictionary<string, string>? Labels { get; init; }
}

public sealed record NetworkCreateResponse
{
    public string Id { get; init; } = "";
    public string? Warning { get; init; }
}

/// <summary>GET /networks and /networks/{id}.</summary>
public sealed record NetworkInspect
{
    public string Id { get; init; } = "";
    public string Name { get; init; } = "";
    public string? Driver { get; init; }
    public string? Scope { get; init; }
    public bool Internal { get; init; }
    public Dictionary<string, string>? Labels { get; init; }

    /// <summary>Attached containers by id (filled by inspect, not by list).</summary>
    public Dictionary<string, NetworkContainer>? Containers { get; init; }
}

public sealed record NetworkContainer
{
    public string? Name { get; init; }
    public string? IPv4Address { get; init; }
}

/// <summary>POST /networks/{id}/connect and /disconnect.</summary>
public sealed record NetworkConnectRequest
{
    public required string Container { get; init; }
    public EndpointSettings? EndpointConfig { get; init; }
    public bool? Force { get; init; }
}
