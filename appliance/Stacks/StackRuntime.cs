using System.Formats.Tar;
using System.Globalization;
using System.Text;
using Hiy.Docker;
using Hiy.Docker.Models;
using Hiy.Store;
using Microsoft.Extensions.Logging;

namespace Hiy.Stacks;

/// <summary>
/// Runs a deployment's containers: one network per deployment, its named volumes, every service created and started
/// in dependency order (waiting for a healthy dependency where the spec asks), the template's config files copied in
/// before the start. Start is idempotent: the deployment's old containers are removed first, volumes stay.
/// </summary>
public sealed class StackRuntime(DockerClient docker, IStackImages images, TimeProvider time, ILogger<StackRuntime> log)
{
    /// <summary>How long a service may take to report healthy when another waits on it (its own health check timing permitting).</summary>
    public TimeSpan HealthyWithin { get; init; } = TimeSpan.FromMinutes(3);

    private static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(10);

    public async Task StartAsync(string deploymentId, ComposeSpec spec, IReadOnlyList<TemplateConfigFile> files, CancellationToken ct)
    {
        foreach (var image in spec.Services.Select(s => s.Image).Distinct(StringComparer.Ordinal))
            await images.EnsureAsync(image, ct).ConfigureAwait(false);
        await RemoveContainersAsync(deploymentId, ct).ConfigureAwait(false);
        await EnsureNetworkAsync(deploymentId, ct).ConfigureAwait(false);
        foreach (var volume in spec.Volumes)
        {
            await docker.CreateVolumeAsync(new VolumeCreateRequest
            {
                Name = StackNames.Volume(deploymentId, volume),
                Labels = new() { [StackNames.LabelDeployment] = deploymentId },
            }, ct).ConfigureAwait(false);
        }
        var started = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var service in StartOrder.Of(spec))
        {
            foreach (var dep in service.DependsOn.Where(d => d.Condition == DependencyCondition.Healthy))
                await WaitHealthyAsync(deploymentId, dep.Service, started[dep.Service], ct).ConfigureAwait(false);
            var name = StackNames.Container(deploymentId, service.Name);
            try
            {
                var id = await docker.CreateContainerAsync(name, StackContainerSpec.Build(deploymentId, service), ct).ConfigureAwait(false);
                await CopyFilesAsync(id, files, ct).ConfigureAwait(false);
                await docker.StartContainerAsync(id, ct).ConfigureAwait(false);
                started[service.Name] = id;
                StacksLog.ServiceStarted(log, deploymentId, service.Name, id.Length > 12 ? id[..12] : id);
            }
            catch (DockerApiException e)
            {
                throw new StackException($"service '{service.Name}': {e.DockerMessage ?? e.Message}", e) { Service = service.Name };
            }
        }
    }

    /// <summary>Stops every container of the deployment, dependents first.</summary>
    public async Task StopAsync(string deploymentId, ComposeSpec? spec, CancellationToken ct)
    {
        var containers = await ContainersAsync(deploymentId, ct).ConfigureAwait(false);
        var order = spec is null ? [] : StartOrder.Of(spec).Select(s => s.Name).Reverse().ToList();
        foreach (var c in containers.OrderBy(c => order.IndexOf(ServiceOf(c)) is var i and >= 0 ? i : int.MaxValue))
        {
            if (c.State is "running" or "restarting" or "paused")
                await docker.StopContainerAsync(c.Id, StopGrace, ct).ConfigureAwait(false);
        }
    }

    /// <summary>Removes the containers and the network; the volumes too when <paramref name="purge"/>.</summary>
    public async Task DeleteAsync(string deploymentId, bool purge, CancellationToken ct)
    {
        await RemoveContainersAsync(deploymentId, ct).ConfigureAwait(false);
        foreach (var n in await docker.ListNetworksAsync(StackNames.Filter(deploymentId), ct).ConfigureAwait(false))
            await IgnoreMissingAsync(docker.RemoveNetworkAsync(n.Id, ct)).ConfigureAwait(false);
        if (!purge)
            return;
        foreach (var v in await docker.ListVolumesAsync(StackNames.Filter(deploymentId), ct).ConfigureAwait(false))
            await IgnoreMissingAsync(docker.RemoveVolumeAsync(v.Name, force: true, ct)).ConfigureAwait(false);
    }

    /// <summary>Each service of the spec with its container's state (a service without a container reads <c>absent</c>).</summary>
    public async Task<IReadOnlyList<StackServiceState>> InspectAsync(string deploymentId, ComposeSpec spec, CancellationToken ct)
    {
        var containers = await ContainersAsync(deploymentId, ct).ConfigureAwait(false);
        var states = new List<StackServiceState>(spec.Services.Count);
        foreach (var service in spec.Services)
        {
            var summary = containers.FirstOrDefault(c => ServiceOf(c) == service.Name);
            ContainerInspect? inspect = null;
            if (summary is not null)
            {
                try
                {
                    inspect = await docker.InspectContainerAsync(summary.Id, ct).ConfigureAwait(false);
                }
                catch (DockerApiException e) when (e.IsNotFound)
                {
                }
            }
            var ports = service.Ports.GroupBy(p => p.Key, StringComparer.Ordinal).SelectMany(g => g.Select((p, i) => new StackPublishedPort(
                p.ContainerPort, p.Protocol, HostPort(inspect, p, i), p.HostPort))).ToArray();
            states.Add(new StackServiceState(service.Name, inspect?.Id, service.Image, inspect?.State?.Status ?? "absent",
                inspect?.State?.Health?.Status is { Length: > 0 } h ? h : null, ports,
                inspect?.State is { Running: true } s ? s.StartedAt : null));
        }
        return states;
    }

    /// <summary>The last <paramref name="tail"/> lines of one service's container.</summary>
    public async Task<IReadOnlyList<DockerLogLine>> LogsAsync(string deploymentId, string service, int tail, CancellationToken ct)
    {
        var lines = new List<DockerLogLine>();
        await foreach (var line in docker.GetLogsAsync(StackNames.Container(deploymentId, service), new LogsOptions { Tail = tail, Timestamps = true }, ct)
            .ConfigureAwait(false))
            lines.Add(line);
        return lines;
    }

    private static int? HostPort(ContainerInspect? inspect, ComposePort port, int index) =>
        inspect?.NetworkSettings?.Ports?.GetValueOrDefault(port.Key) is { } bound && index < bound.Length
            && int.TryParse(bound[index].HostPort, NumberStyles.None, CultureInfo.InvariantCulture, out var p) ? p : null;

    private async Task WaitHealthyAsync(string deploymentId, string service, string containerId, CancellationToken ct)
    {
        var deadline = time.GetUtcNow() + HealthyWithin;
        while (true)
        {
            var state = (await docker.InspectContainerAsync(containerId, ct).ConfigureAwait(false)).State;
            if (state?.Health?.Status == "healthy")
                return;
            if (state is { Running: false, Restarting: false })
                throw new StackException($"service '{service}' exited with code {state.ExitCode} before it was healthy") { Service = service };
            if (state?.Health?.Status == "unhealthy")
                throw new StackException($"service '{service}' is unhealthy: {state.Health.Log?.LastOrDefault()?.Output?.Trim()}") { Service = service };
            if (time.GetUtcNow() > deadline)
                throw new StackException($"service '{service}' was not healthy within {HealthyWithin.TotalSeconds:0} s") { Service = service };
            StacksLog.WaitingHealthy(log, deploymentId, service);
            await Task.Delay(TimeSpan.FromMilliseconds(250), time, ct).ConfigureAwait(false);
        }
    }

    /// <summary>Each config file at its path, as one tar unpacked at <c>/</c> (parent folders made by Docker).</summary>
    private async Task CopyFilesAsync(string containerId, IReadOnlyList<TemplateConfigFile> files, CancellationToken ct)
    {
        if (files.Count == 0)
            return;
        using var tar = new MemoryStream();
        await using (var writer = new TarWriter(tar, TarEntryFormat.Pax, leaveOpen: true))
        {
            foreach (var f in files)
            {
                var entry = new PaxTarEntry(TarEntryType.RegularFile, f.Path.TrimStart('/'))
                {
                    DataStream = new MemoryStream(Encoding.UTF8.GetBytes(f.Content)),
                    Mode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead,
                    ModificationTime = time.GetUtcNow(),
                };
                await writer.WriteEntryAsync(entry, ct).ConfigureAwait(false);
            }
        }
        tar.Position = 0;
        await docker.PutArchiveAsync(containerId, "/", tar, ct).ConfigureAwait(false);
    }

    private async Task EnsureNetworkAsync(string deploymentId, CancellationToken ct)
    {
        if ((await docker.ListNetworksAsync(StackNames.Filter(deploymentId), ct).ConfigureAwait(false)).Length > 0)
            return;
        await docker.CreateNetworkAsync(new NetworkCreateRequest
        {
            Name = StackNames.Network(deploymentId),
            Labels = new() { [StackNames.LabelDeployment] = deploymentId },
        }, ct).ConfigureAwait(false);
    }

    private async Task RemoveContainersAsync(string deploymentId, CancellationToken ct)
    {
        foreach (var c in await ContainersAsync(deploymentId, ct).ConfigureAwait(false))
            await IgnoreMissingAsync(docker.RemoveContainerAsync(c.Id, force: true, ct: ct)).ConfigureAwait(false);
    }

    private Task<ContainerSummary[]> ContainersAsync(string deploymentId, CancellationToken ct) =>
        docker.ListContainersAsync(all: true, StackNames.Filter(deploymentId), ct);

    private static string ServiceOf(ContainerSummary c) => c.Labels?.GetValueOrDefault(StackNames.LabelService) ?? "";

    private static async Task IgnoreMissingAsync(Task task)
    {
        try
        {
            await task.ConfigureAwait(false);
        }
        catch (DockerApiException e) when (e.IsNotFound)
        {
            // Gone already: that is what was asked.
        }
    }
}
