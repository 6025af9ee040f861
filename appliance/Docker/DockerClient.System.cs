using Hiy.Docker.Models;

namespace Hiy.Docker;

public sealed partial class DockerClient
{
    /// <summary>GET /version.</summary>
    public Task<SystemVersion> GetVersionAsync(CancellationToken ct = default) =>
        GetJsonAsync(new DockerQuery("/version").ToString(), DockerJsonContext.Default.SystemVersion, "docker version", ct);

    /// <summary>GET /info (architecture, cgroup driver, counts).</summary>
    public Task<SystemInfo> GetInfoAsync(CancellationToken ct = default) =>
        GetJsonAsync(new DockerQuery("/info").ToString(), DockerJsonContext.Default.SystemInfo, "docker info", ct);
}
