namespace Hiy.Docker.Models;

/// <summary>POST /volumes/create.</summary>
public sealed record VolumeCreateRequest
{
    public required string Name { get; init; }
    public string Driver { get; init; } = "local";
    public Dictionary<string, string>? Labels { get; init; }
}

/// <summary>A volume as create, inspect and list report it.</summary>
public sealed record Volume
{
    public string Name { get; init; } = "";
    public string? Driver { get; init; }
    public string? Mountpoint { get; init; }
    public string? CreatedAt { get; init; }
    public string? Scope { get; init; }
    public Dictionary<string, string>? Labels { get; init; }
}

/// <summary>GET /volumes.</summary>
public sealed record VolumeListResponse
{
    public Volume[]? Volumes { get; init; }
    public string[]? Warnings { get; init; }
}
