using Hiy.Docker;
using Hiy.Docker.Models;

namespace Hiy.Runtime;

/// <summary>The real engine: each call goes straight to the Engine API client (its deadlines and errors unchanged).</summary>
public sealed class DockerContainerEngine(DockerClient docker) : IContainerEngine
{
    public Task<NetworkInspect[]> ListNetworksAsync(IReadOnlyDictionary<string, string[]>? filters, CancellationToken ct) =>
        docker.ListNetworksAsync(filters, ct);

    public Task<string> CreateNetworkAsync(NetworkCreateRequest request, CancellationToken ct) => docker.CreateNetworkAsync(request, ct);

    public Task<Volume> CreateVolumeAsync(VolumeCreateRequest request, CancellationToken ct) => docker.CreateVolumeAsync(request, ct);

    public Task RemoveVolumeAsync(string volume, bool force, CancellationToken ct) => docker.RemoveVolumeAsync(volume, force, ct);

    public Task<string> CreateContainerAsync(string? name, ContainerCreateRequest request, CancellationToken ct) =>
        docker.CreateContainerAsync(name, request, ct);

    public Task StartContainerAsync(string container, CancellationToken ct) => docker.StartContainerAsync(container, ct);

    public Task StopContainerAsync(string container, TimeSpan? timeout = null, CancellationToken ct = default) =>
        docker.StopContainerAsync(container, timeout, ct);

    public Task RestartContainerAsync(string container, TimeSpan? timeout = null, CancellationToken ct = default) =>
        docker.RestartContainerAsync(container, timeout, ct);

    public Task RemoveContainerAsync(string container, bool force, bool removeVolumes, CancellationToken ct) =>
        docker.RemoveContainerAsync(container, force, removeVolumes, ct);

    public Task<string[]> UpdateContainerAsync(string container, ContainerUpdateRequest update, CancellationToken ct) =>
        docker.UpdateContainerAsync(container, update, ct);

    public Task<ContainerInspect> InspectContainerAsync(string container, CancellationToken ct) => docker.InspectContainerAsync(container, ct);

    public Task<ContainerSummary[]> ListContainersAsync(bool all, IReadOnlyDictionary<string, string[]>? filters, CancellationToken ct) =>
        docker.ListContainersAsync(all, filters, ct);

    public Task<ContainerStats> GetStatsAsync(string container, CancellationToken ct) => docker.GetStatsAsync(container, oneShot: false, ct);

    public Task<ImageSummary[]> ListImagesAsync(IReadOnlyDictionary<string, string[]>? filters, CancellationToken ct) =>
        docker.ListImagesAsync(filters, ct);

    public Task<ImageDeleteItem[]> RemoveImageAsync(string image, bool force, CancellationToken ct) => docker.RemoveImageAsync(image, force, ct);

    public Task<bool> ImageExistsAsync(string image, CancellationToken ct) => docker.ImageExistsAsync(image, ct);

    public IAsyncEnumerable<DockerLogLine> GetLogsAsync(string container, LogsOptions options, CancellationToken ct) =>
        docker.GetLogsAsync(container, options, ct);

    public IAsyncEnumerable<DockerEvent> WatchEventsAsync(EventWatchOptions options, CancellationToken ct) =>
        docker.WatchEventsAsync(options, ct);
}
