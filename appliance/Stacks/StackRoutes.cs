using Hiy.Docker;
using Hiy.Proxy;
using Hiy.Runtime;
using Hiy.Store;
using Microsoft.Extensions.Logging;

namespace Hiy.Stacks;

/// <summary>
/// Puts every live deployment into the proxy's route table through <see cref="RoutePublisher"/>: a running one to the
/// 127.0.0.1 port Docker published its web port on, the others to their 503 page. Read again after every change and at
/// start-up by <see cref="StacksStartup"/> (containers outlive a restart of hiy; their ports may not outlive one of dockerd).
/// </summary>
public sealed class StackRoutes(DeploymentRepository deployments, TemplateRepository templates, StackRuntime runtime, RoutePublisher publisher,
    Func<string> domain, ILogger<StackRoutes> log)
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private int _published;

    public string Hostname(string deployment) => $"{deployment}.{domain()}";

    public async Task RefreshAsync(CancellationToken ct)
    {
        await _gate.WaitAsync(ct);
        try
        {
            var live = new List<(DeploymentRecord, int?)>();
            foreach (var d in deployments.List())
                live.Add((d, d.Status == DeploymentStatus.Running ? await PortAsync(d, ct) : null));
            var inputs = Inputs(live);
            // With no deployment then and now the table is the apps' alone: no publish (at start-up it would go out before
            // the runtime has the apps' ports).
            if (inputs.Count == 0 && _published == 0)
                return;
            publisher.PublishStacks(inputs);
            _published = inputs.Count;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Pure: one route per deployment; without a port, the page says why (starting, stopped, failed, never started).</summary>
    public static IReadOnlyList<AppInput> Inputs(IEnumerable<(DeploymentRecord Deployment, int? Port)> deployments) =>
        deployments.Where(x => x.Deployment.Status != DeploymentStatus.Deleted).Select(x => x.Port is { } port
            ? new AppInput(x.Deployment.Name, port)
            : new AppInput(x.Deployment.Name, null, null, x.Deployment.Status switch
            {
                DeploymentStatus.Pending or DeploymentStatus.Scheduled => new AppDown(AppDownReason.NotDeployed),
                DeploymentStatus.Stopped or DeploymentStatus.Stopping or DeploymentStatus.Deleting => new AppDown(AppDownReason.Stopped),
                DeploymentStatus.Failed => new AppDown(AppDownReason.Failed),
                _ => AppDown.Starting,
            })).ToArray();

    private async Task<int?> PortAsync(DeploymentRecord d, CancellationToken ct)
    {
        try
        {
            var spec = DeploymentSpec.Resolve(templates, d).Spec;
            if (DeploymentSpec.WebPort(spec) is not { } web)
                return null;
            var states = await runtime.InspectAsync(d.Id, spec, ct);
            return states.FirstOrDefault(s => s.Service == web.Service)?.Ports
                .FirstOrDefault(p => p.ContainerPort == web.Port.ContainerPort && p.Protocol == "tcp")?.HostPort;
        }
        catch (Exception e) when (e is DockerApiException or StackException)
        {
            StacksLog.RouteReadFailed(log, d.Id, e.Message);
            return null;
        }
    }
}
