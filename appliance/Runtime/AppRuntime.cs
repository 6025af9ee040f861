using Hiy.Docker;
using Hiy.Docker.Models;
using Hiy.Store;

namespace Hiy.Runtime;

/// <summary>
/// Starts, stops and removes app containers as <see cref="AppContainerSpec"/> describes them, creating
/// the shared network and the app's volume on first use.
/// </summary>
public sealed class AppRuntime(IContainerEngine docker, TimeProvider time)
{
    private static readonly TimeSpan PortPoll = TimeSpan.FromMilliseconds(100);
    private static readonly Dictionary<string, string[]> ManagedFilter = new() { ["label"] = [$"{AppContainerSpec.LabelManaged}=1"] };
    private readonly SemaphoreSlim _networkLock = new(1, 1);
    private volatile bool _networkReady;

    /// <summary>The engine behind the runtime (for the few calls endpoints make directly, such as a restart).</summary>
    public IContainerEngine Docker => docker;

    public async Task EnsureNetworkAsync(CancellationToken ct)
    {
        if (_networkReady)
            return;
        await _networkLock.WaitAsync(ct);
        try
        {
            var existing = await docker.ListNetworksAsync(new Dictionary<string, string[]> { ["name"] = [AppContainerSpec.Network] }, ct);
            if (!existing.Any(n => n.Name == AppContainerSpec.Network))
            {
                await docker.CreateNetworkAsync(new NetworkCreateRequest
                {
                    Name = AppContainerSpec.Network,
                    Driver = "bridge",
                    Labels = new Dictionary<string, string> { [AppContainerSpec.LabelManaged] = "1" },
                }, ct);
            }
            _networkReady = true;
        }
        finally
        {
            _networkLock.Release();
        }
    }

    /// <summary>Creates and starts the container for <paramref name="deployId"/>; returns once Docker has published its port.</summary>
    public async Task<RunningContainer> StartAsync(AppRecord app, long deployId, string image, IReadOnlyDictionary<string, string> env, CancellationToken ct)
    {
        var name = AppContainerSpec.ContainerName(app.Name, deployId);
        try
        {
            await EnsureNetworkAsync(ct);
            if (app.VolumePath is { Length: > 0 })
            {
                await docker.CreateVolumeAsync(new VolumeCreateRequest
                {
                    Name = AppContainerSpec.VolumeName(app.Name),
                    Labels = new Dictionary<string, string> { [AppContainerSpec.LabelApp] = app.Name, [AppContainerSpec.LabelManaged] = "1" },
                }, ct);
            }
            // A leftover of an earlier attempt at the same deploy would block the name.
            await RemoveQuietlyAsync(name, ct);
            var id = await docker.CreateContainerAsync(name, AppContainerSpec.Build(app, deployId, image, env), ct);
            await docker.StartContainerAsync(id, ct);
            for (var attempt = 0; ; attempt++)
            {
                var inspect = await docker.InspectContainerAsync(id, ct);
                if (inspect.PublishedPort(app.Port) is { } port)
                    return new RunningContainer(app.Name, deployId, id, name, port);
                if (inspect.State is { Running: false } state)
                    throw new RuntimeException($"app '{app.Name}': container {name} exited at once with code {state.ExitCode}{(state.OOMKilled ? " (OOM-killed)" : "")}");
                if (attempt >= 50)
                    throw new RuntimeException($"app '{app.Name}': Docker did not publish port {app.Port} of {name}");
                await Task.Delay(PortPoll, time, ct);
            }
        }
        catch (DockerApiException e)
        {
            throw new RuntimeException($"app '{app.Name}': cannot start {name}: {e.Message}", e);
        }
    }

    public async Task StopAsync(string container, TimeSpan grace, CancellationToken ct)
    {
        try
        {
            await docker.StopContainerAsync(container, grace, ct);
        }
        catch (DockerApiException e) when (e.IsNotFound)
        {
        }
    }

    public async Task StartExistingAsync(string container, CancellationToken ct) => await docker.StartContainerAsync(container, ct);

    /// <summary>
    /// Applies the app's memory and CPU limits to its running container (the kernel's cgroup changes at once; no
    /// restart). Returns the engine's warnings.
    /// </summary>
    public Task<string[]> UpdateLimitsAsync(AppRecord app, string container, CancellationToken ct)
    {
        var memory = (long)app.MemoryMb * 1024 * 1024;
        return docker.UpdateContainerAsync(container,
            new ContainerUpdateRequest { Memory = memory, MemorySwap = memory, NanoCpus = HostConfig.NanoCpusFor(app.Cpus) }, ct);
    }

    public async Task RemoveQuietlyAsync(string container, CancellationToken ct)
    {
        try
        {
            await docker.RemoveContainerAsync(container, true, false, ct);
        }
        catch (DockerApiException e) when (e.IsNotFound)
        {
        }
    }

    /// <summary>Stops and removes every container and image of the app; its volume too when <paramref name="purgeVolume"/>.</summary>
    public async Task RemoveAppAsync(string app, bool purgeVolume, CancellationToken ct)
    {
        var containers = await docker.ListContainersAsync(true,
            new Dictionary<string, string[]> { ["label"] = [$"{AppContainerSpec.LabelManaged}=1", $"{AppContainerSpec.LabelApp}={app}"] }, ct);
        foreach (var c in containers)
            await RemoveQuietlyAsync(c.Id, ct);
        var images = await docker.ListImagesAsync(new Dictionary<string, string[]> { ["reference"] = [AppContainerSpec.ImageRepository(app)] }, ct);
        foreach (var image in images)
        {
            try
            {
                await docker.RemoveImageAsync(image.Id, true, ct);
            }
            catch (DockerApiException e) when (e.IsNotFound)
            {
            }
        }
        if (purgeVolume)
        {
            try
            {
                await docker.RemoveVolumeAsync(AppContainerSpec.VolumeName(app), true, ct);
            }
            catch (DockerApiException e) when (e.IsNotFound)
            {
            }
        }
    }

    /// <summary>
    /// Removes hiy's untagged build images of <paramref name="apps"/> (left when a build was cut off after the
    /// image was written but before it was tagged); one still in use stays. Returns how many went.
    /// </summary>
    public async Task<int> RemoveDanglingImagesAsync(IReadOnlySet<string> apps, CancellationToken ct)
    {
        var dangling = await docker.ListImagesAsync(new Dictionary<string, string[]>
        {
            ["dangling"] = ["true"],
            ["label"] = [$"{AppContainerSpec.LabelManaged}=1"],
        }, ct);
        var removed = 0;
        foreach (var image in dangling)
        {
            if (image.Labels?.GetValueOrDefault(AppContainerSpec.LabelApp) is not { } app || !apps.Contains(app))
                continue;
            try
            {
                await docker.RemoveImageAsync(image.Id, false, ct);
                removed++;
            }
            catch (DockerApiException e) when (e.StatusCode is System.Net.HttpStatusCode.Conflict or System.Net.HttpStatusCode.NotFound)
            {
                // in use by a container, or gone already
            }
        }
        return removed;
    }

    /// <summary>Every hiy container (running or not) with what decisions need; for one app when named.</summary>
    public async Task<IReadOnlyList<(ObservedContainer Observed, ContainerInspect Inspect)>> ObserveAsync(
        Func<string, int> portOf, string? app, CancellationToken ct)
    {
        var filter = app is null ? ManagedFilter
            : new Dictionary<string, string[]> { ["label"] = [$"{AppContainerSpec.LabelManaged}=1", $"{AppContainerSpec.LabelApp}={app}"] };
        var list = await docker.ListContainersAsync(true, filter, ct);
        var result = new List<(ObservedContainer, ContainerInspect)>(list.Length);
        foreach (var summary in list)
        {
            ContainerInspect inspect;
            try
            {
                inspect = await docker.InspectContainerAsync(summary.Id, ct);
            }
            catch (DockerApiException e) when (e.IsNotFound)
            {
                continue; // removed between list and inspect
            }
            var appName = inspect.Config?.Labels?.GetValueOrDefault(AppContainerSpec.LabelApp);
            if (appName is not null && ObservedContainer.From(inspect, portOf(appName)) is { } observed)
                result.Add((observed, inspect));
        }
        return result;
    }
}
