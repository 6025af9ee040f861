namespace Hiy.Docker.Models;

/// <summary>GET /version.</summary>
public sealed record SystemVersion
{
    public string? Version { get; init; }
    public string? ApiVersion { get; init; }
    public string? MinAPIVersion { get; init; }
    public string? Os { get; init; }
    public string? Arch { get; init; }
    public string? KernelVersion { get; init; }
    public string? GitCommit { get; init; }
}
