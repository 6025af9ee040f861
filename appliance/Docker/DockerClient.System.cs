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

    /// <summary>
    /// GET /system/df: per-image sizes (with the shared part) and the build cache; slow on a big host (the slow
    /// deadline), call it once per build.
    /// </summary>
    public Task<DiskUsage> GetDiskUsageAsync(CancellationToken ct = default) =>
        GetJsonAsync(new DockerQuery("/system/df").ToString(), DockerJsonContext.Default.DiskUsage, "docker system df", ct,
            _options.SlowRequestTimeout);
}
