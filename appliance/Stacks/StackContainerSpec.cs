using Hiy.Docker.Models;
using Hiy.Runtime;
using Hiy.Store;

namespace Hiy.Stacks;

/// <summary>
/// How one compose service runs, decided in one pure function: an app container's sandbox and default limits
/// (<see cref="AppContainerSpec.Hardened"/>), the deployment's network with the service's name as its alias, the
/// deployment's named volumes, and every port published on 127.0.0.1 with a port Docker picks, so two deployments of
/// one template never ask for the same host port.
/// </summary>
public static class StackContainerSpec
{
    /// <summary>An app's defaults (<see cref="AppRecord"/>) are a service's too.</summary>
    private static readonly AppRecord Defaults = new() { Name = "defaults" };

    public static long DefaultMemoryBytes => (long)Defaults.MemoryMb * 1024 * 1024;

    public static ContainerCreateRequest Build(string deploymentId, ComposeService service)
    {
        var network = StackNames.Network(deploymentId);
        var labels = new Dictionary<string, string>(service.Labels, StringComparer.Ordinal)
        {
            [StackNames.LabelDeployment] = deploymentId,
            [StackNames.LabelService] = service.Name,
        };
        var bindings = service.Ports.GroupBy(p => p.Key, StringComparer.Ordinal).ToDictionary(g => g.Key,
            g => g.Select(_ => new PortBinding { HostIp = "127.0.0.1", HostPort = "" }).ToArray(), StringComparer.Ordinal);
        var host = AppContainerSpec.Hardened(service.MemoryBytes ?? DefaultMemoryBytes, service.Cpus ?? Defaults.Cpus, service.CapAdd) with
        {
            NetworkMode = network,
            PortBindings = bindings.Count == 0 ? null : bindings,
            Mounts = service.Volumes.Count == 0 ? null : service.Volumes
                .Select(v => new Mount { Type = "volume", Source = StackNames.Volume(deploymentId, v.Volume), Target = v.Target, ReadOnly = v.ReadOnly })
                .ToArray(),
            RestartPolicy = service.Restart is { } r ? new RestartPolicy { Name = r, MaximumRetryCount = service.RestartRetries } : RestartPolicy.UnlessStopped,
        };
        return new ContainerCreateRequest
        {
            Image = service.Image,
            Cmd = service.Command is { } cmd ? [.. cmd] : null,
            Entrypoint = service.Entrypoint is { } ep ? [.. ep] : null,
            Env = service.Environment.Count == 0 ? null : service.Environment.Select(e => $"{e.Key}={e.Value}").ToArray(),
            Labels = labels,
            ExposedPorts = bindings.Count == 0 ? null : bindings.Keys.ToDictionary(k => k, _ => new EmptyObject(), StringComparer.Ordinal),
            Healthcheck = service.Healthcheck is { } h ? Health(h) : null,
            Hostname = service.Name,
            HostConfig = host,
            NetworkingConfig = new NetworkingConfig
            {
                EndpointsConfig = new Dictionary<string, EndpointSettings> { [network] = new() { Aliases = [service.Name] } },
            },
        };
    }

    private static HealthConfig Health(ComposeHealthcheck h) => new()
    {
        Test = [.. h.Test],
        Interval = Nanos(h.Interval),
        Timeout = Nanos(h.Timeout),
        StartPeriod = Nanos(h.StartPeriod),
        Retries = h.Retries,
    };

    private static long? Nanos(TimeSpan? t) => t is { } v ? v.Ticks * 100 : null;
}
