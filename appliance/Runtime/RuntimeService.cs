using System.Collections.Concurrent;
using Hiy.Core;
using Hiy.Docker;
using Hiy.Docker.Models;
using Hiy.Store;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Hiy.Runtime;

/// <summary>
/// Keeps hiy's picture of the apps true to what Docker really runs: reconciles every app when the
/// event stream (re)connects — at start-up and after dockerd restarts — and one app on each of its
/// container events; records crashes (exit code, OOM), keeps one log collector per running container
/// and republishes the proxy's routes whenever an upstream changes. Restarting hiy never touches the
/// containers themselves.
/// </summary>
public sealed class RuntimeService(
    AppRuntime runtime,
    AppRepository apps,
    SiteRepository sites,
    LogCollectors collectors,
    RoutePublisher routes,
    ILogger<RuntimeService> log) : BackgroundService, IRouteSwap
{
    private readonly ConcurrentDictionary<string, int?> _upstreams = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _gate = new(1, 1);

    /// <summary>The live 127.0.0.1 port per app (null: nothing healthy).</summary>
    public IReadOnlyDictionary<string, int?> Upstreams => _upstreams;

    protected override async Task ExecuteAsync(CancellationToken ct)
    {
        var options = new EventWatchOptions
        {
            Filters = new Dictionary<string, string[]> { ["type"] = ["container"], ["label"] = [$"{AppContainerSpec.LabelManaged}=1"] },
            OnConnected = async c =>
            {
                var all = apps.List();
                RuntimeLog.EventsConnected(log, all.Count);
                await ReconcileAsync(null, c);
            },
            OnDisconnected = e => RuntimeLog.EventsLost(log, e?.Message ?? "stream ended"),
        };
        try
        {
            await foreach (var e in runtime.Docker.WatchEventsAsync(options, ct))
            {
                if (e.Attribute(AppContainerSpec.LabelApp) is { } app && ChangesState(e.Action))
                    await ReconcileAsync(app, ct);
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
        finally
        {
            collectors.StopAll();
        }
    }

    private static bool ChangesState(string action) =>
        action is "start" or "die" or "stop" or "oom" or "destroy" or "restart" || action.StartsWith("health_status", StringComparison.Ordinal);

    /// <summary>Brings one app (or, with null, every app) in line with Docker and republishes routes.</summary>
    public async Task ReconcileAsync(string? appName, CancellationToken ct)
    {
        await _gate.WaitAsync(ct);
        try
        {
            var records = appName is null ? apps.List() : apps.Find(appName) is { } one ? [one] : [];
            var ports = records.ToDictionary(a => a.Name, a => a.Port, StringComparer.Ordinal);
            IReadOnlyList<(ObservedContainer Observed, ContainerInspect Inspect)> observed;
            try
            {
                observed = await runtime.ObserveAsync(n => ports.GetValueOrDefault(n, 0), appName, ct);
            }
            catch (DockerApiException e)
            {
                RuntimeLog.ReconcileFailed(log, appName ?? "*", e.Message);
                return;
            }
            var byApp = observed.GroupBy(o => o.Observed.App, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => g.Select(x => x.Observed).ToList(), StringComparer.Ordinal);
            foreach (var app in records)
            {
                var verdict = AppObservation.Decide(app, byApp.GetValueOrDefault(app.Name) ?? []);
                if (verdict.Status != app.Status || verdict.Detail != app.StatusDetail || verdict.OomKilled != app.LastOomKilled)
                {
                    apps.SetStatus(app.Name, verdict.Status, verdict.Detail, verdict.ExitCode, verdict.OomKilled);
                    RuntimeLog.StatusChanged(log, app.Name, AppRecord.StatusText(verdict.Status), verdict.Detail);
                }
                _upstreams[app.Name] = verdict.UpstreamPort;
                // A crashed container is still followed: its stream ends by itself once the last lines are out,
                // and cancelling at the `die` event would drop the crash's last words.
                collectors.Ensure(app, verdict.Status is AppStatus.Running or AppStatus.Building or AppStatus.Crashed ? verdict.ContainerId : null);
            }
            if (appName is null)
            {
                foreach (var gone in _upstreams.Keys.Where(k => !ports.ContainsKey(k)).ToList())
                {
                    _upstreams.TryRemove(gone, out _);
                    collectors.Stop(gone);
                }
            }
            else if (records.Count == 0)
            {
                _upstreams.TryRemove(appName, out _);
                collectors.Stop(appName);
            }
            routes.Publish(_upstreams);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// The deploy swap: records the new current deploy and routes to its port in one step, under the
    /// same gate as reconciliation so a reconcile that read the old deploy cannot route back to it.
    /// </summary>
    public async Task SwapAsync(string app, long deployId, int port, CancellationToken ct)
    {
        await _gate.WaitAsync(ct);
        try
        {
            apps.SetCurrentDeploy(app, deployId);
            apps.SetStatus(app, AppStatus.Running);
            _upstreams[app] = port;
            routes.Publish(_upstreams);
        }
        finally
        {
            _gate.Release();
        }
        await ReconcileAsync(app, ct); // starts the log collector on the new container
    }

    /// <summary>
    /// The static deploy swap: the site version and the app's current deploy change in one store write, and
    /// the route table moves the app's host from its container (if any) to the site, under the same gate.
    /// </summary>
    public async Task ActivateSiteAsync(string app, long deployId, string version, CancellationToken ct)
    {
        await _gate.WaitAsync(ct);
        try
        {
            sites.ActivateForDeploy(app, version, deployId);
            _upstreams[app] = null;
            routes.Publish(_upstreams);
        }
        finally
        {
            _gate.Release();
        }
        await ReconcileAsync(app, ct); // stops the log collector of a container being retired
    }

    /// <summary>A build of <paramref name="deployId"/> began: the app shows "building" until it ends.</summary>
    public void BuildStarted(string app, long deployId)
    {
        apps.SetStatus(app, AppStatus.Building, $"deploy {deployId} building");
        RepublishRoutes(); // the app's 503 page now says which deploy is building
    }

    /// <summary>
    /// A deploy ended without going live (failed or canceled): an app still "building" goes back to what it is —
    /// running on its old deploy (said so), or failed when it has none. A success is recorded by the swap.
    /// </summary>
    public void DeployEnded(string app, long deployId, DeployStatus status)
    {
        if (status == DeployStatus.Succeeded || apps.Find(app) is not { Status: AppStatus.Building } record)
            return;
        var word = status.ToText();
        if (record.CurrentDeployId is { } serving)
            apps.SetStatus(app, AppStatus.Running, $"deploy {deployId} {word}; deploy {serving} still serving");
        else
            apps.SetStatus(app, AppStatus.Failed, $"deploy {deployId} {word}");
        RepublishRoutes(); // and now which one failed
    }

    /// <summary>Stops the app's container; recorded as stopped first, so the container's exit does not read as a crash.</summary>
    public async Task StopAppAsync(string app, string container, TimeSpan grace, CancellationToken ct)
    {
        apps.SetStatus(app, AppStatus.Stopped, "stopped");
        await runtime.StopAsync(container, grace, ct);
        await ReconcileAsync(app, ct);
    }

    /// <summary>Starts the app's stopped container again.</summary>
    public async Task StartAppAsync(string app, string container, CancellationToken ct)
    {
        apps.SetStatus(app, AppStatus.Running, "starting");
        await runtime.StartExistingAsync(container, ct);
        await ReconcileAsync(app, ct);
    }

    /// <summary>Republishes routes (after a domain, site or custom-domain change).</summary>
    public void RepublishRoutes() => routes.Publish(_upstreams);
}
