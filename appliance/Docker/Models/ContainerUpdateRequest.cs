namespace Hiy.Docker.Models;

/// <summary>
/// POST /containers/{id}/update: the resource limits that can change on a running container. Memory and
/// MemorySwap are raised or lowered together (the engine refuses a memory limit above the swap limit).
/// </summary>
public sealed record ContainerUpdateRequest
{
    public long? Memory { get; init; }
    public long? MemorySwap { get; init; }
    public long? NanoCpus { get; init; }
}

/// <summary>The engine's answer to an update: warnings such as "kernel does not support swap limit".</summary>
public sealed record ContainerUpdateResponse
{
    public string[]? Warnings { get; init; }
}
