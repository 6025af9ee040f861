using Hiy.Docker;
using Hiy.Docker.Models;

namespace Hiy.Runtime;

/// <summary>
/// The container engine as Runtime uses it: only the calls the runtime makes, so the swap order, the
/// retire grace and start-up recovery can be unit-tested against a fake (DESIGN.md "Where decisions live").
/// Failures are <see cref="DockerApiException"/>s, as the real client throws them; "not found" is
/// <see cref="DockerApiException.IsNotFound"/>.
/// </summary>
public interface IContainerEngine
{
    Task<NetworkInspect[]> ListNetworksAsync(IReadOnlyDictionary<string, string[]>? filters, CancellationToken ct);
    Task<string> CreateNetworkAsync(NetworkCreateRequest request, CancellationToken ct);
    Task<Volume> CreateVolumeAsync(VolumeCreateRequest request, CancellationToken ct);
    Task RemoveVolumeAsync(string volume, bool force, CancellationToken ct);

    Task<string> CreateContainerAsync(string? name, ContainerCreateRequest request, CancellationToken ct);
    Task StartContainerAsync(string container, CancellationToken ct);
    Task StopContainerAsync(string container, TimeSpan? timeout = null, CancellationToken ct = default);
    Task RestartContainerAsync(string container, TimeSpan? timeout = null, CancellationToken ct = default);
    Task RemoveContainerAsync(string container, bool force, bool removeVolumes, CancellationToken ct);
    Task<string[]> UpdateContainerAsync(string container, ContainerUpdateRequest update, CancellationToken ct);
    Task<ContainerInspect> InspectContainerAsync(string container, CancellationToken ct);
    Task<ContainerSummary[]> ListContainersAsync(bool all, IReadOnlyDictionary<string, string[]>? filters, CancellationToken ct);

    /// <summary>One stats sample with its previous one (docker's <c>stream=false</c>), so the CPU % is over about a second.</summary>
    Task<ContainerStats> GetStatsAsync(string container, CancellationToken ct);

    Task<ImageSummary[]> ListImagesAsync(IReadOnlyDictionary<string, string[]>? filters, CancellationToken ct);
    Task<ImageDeleteItem[]> RemoveImageAsync(string image, bool force, CancellationToken ct);
    Task<bool> ImageExistsAsync(string image, CancellationToken ct);

    IAsyncEnumerable<DockerLogLine> GetLogsAsync(string container, LogsOptions options, CancellationToken ct);
    IAsyncEnumerable<DockerEvent> WatchEventsAsync(EventWatchOptions options, CancellationToken ct);
}
