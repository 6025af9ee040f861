using Hiy.Core;
using Hiy.Proxy;
using Hiy.Store;
using Microsoft.Extensions.Logging;

namespace Hiy.Runtime;

/// <summary>
/// Builds the proxy's route inputs from the store (apps, custom domains, static sites) and the live
/// upstream ports, and pushes them into the proxy as one immutable snapshot.
/// </summary>
public sealed class RoutePublisher(ProxyModule proxy, AppRepository apps, SiteRepository sites, DomainRepository customDomains,
    DeployRepository deploys, HiyPaths paths,
    Func<string> domain, ILogger<RoutePublisher> log)
{
    private readonly Lock _lock = new();

    public void Publish(IReadOnlyDictionary<string, int?> upstreams)
    {
        lock (_lock)
        {
            var custom = customDomains.List().GroupBy(d => d.App, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => (IReadOnlyList<string>)g.Select(d => d.Domain).ToArray(), StringComparer.Ordinal);
            var inputs = Inputs(domain(), apps.List(), sites.List(), upstreams, paths.SiteVersionDir, custom, DeployOf);
            foreach (var conflict in proxy.UpdateRoutes(inputs))
                RuntimeLog.RouteConflict(log, conflict);
        }
    }

    /// <summary>
    /// Pure: an app whose current deploy published a static site gives its host to the site of the same
    /// name; any other app keeps its host for its container, and its site (left from an earlier static
    /// deploy, kept for rollback) is not routed, so switching back to a Dockerfile needs no clean-up.
    /// An app's custom domains (<paramref name="customDomains"/>, by app name) follow its host: to the
    /// container, or to its site while it is static.
    /// </summary>
    /// <param name="deployOf">The deploy a building or failed app's page names (see <see cref="DeployOf"/>).</param>
    public static RouteInputs Inputs(string domain, IReadOnlyList<AppRecord> apps, IReadOnlyList<SiteRecord> sites,
        IReadOnlyDictionary<string, int?> upstreams, Func<string, string, string> versionDir,
        IReadOnlyDictionary<string, IReadOnlyList<string>>? customDomains = null, Func<AppRecord, long?>? deployOf = null)
    {
        var byName = apps.ToDictionary(a => a.Name, StringComparer.Ordinal);
        IReadOnlyList<string>? CustomOf(string app) => customDomains?.GetValueOrDefault(app);
        return new RouteInputs(domain,
            apps.Where(a => a.StaticVersion is null).Select(a => upstreams.GetValueOrDefault(a.Name) is { } port
                ? new AppInput(a.Name, port, CustomOf(a.Name))
                : new AppInput(a.Name, null, CustomOf(a.Name), DownOf(a, deployOf?.Invoke(a)))).ToArray(),
            sites.Where(s => !byName.TryGetValue(s.Name, out var app) || app.StaticVersion is not null)
                .Select(s => new SiteInput(s.Name,
                    s.Versions.ToDictionary(v => v.Version, v => versionDir(s.Name, v.Version), StringComparer.Ordinal),
                    s.ActiveVersion, byName.ContainsKey(s.Name) ? CustomOf(s.Name) : null)).ToArray());
    }

    /// <summary>Pure: what the proxy's 503 page says about an app that has no upstream.</summary>
    public static AppDown DownOf(AppRecord app, long? deployId) => app.Status switch
    {
        AppStatus.Created => new AppDown(AppDownReason.NotDeployed),
        AppStatus.Building => new AppDown(AppDownReason.Building, deployId),
        AppStatus.Failed => new AppDown(AppDownReason.Failed, deployId),
        AppStatus.Stopped => new AppDown(AppDownReason.Stopped, app.CurrentDeployId),
        AppStatus.Crashed => new AppDown(AppDownReason.Crashed, app.CurrentDeployId, app.LastExitCode, app.LastOomKilled),
        _ => AppDown.Starting,
    };

    /// <summary>The building app's newest unfinished deploy, the failed app's newest failed one; nothing for other states.</summary>
    private long? DeployOf(AppRecord app)
    {
        if (app.Status is not (AppStatus.Building or AppStatus.Failed))
            return null;
        var recent = deploys.List(app.Name, 5);
        var pick = app.Status == AppStatus.Building
            ? recent.FirstOrDefault(d => d.Status is DeployStatus.Building or DeployStatus.Deploying) ?? recent.FirstOrDefault(d => d.Status == DeployStatus.Queued)
            : recent.FirstOrDefault(d => d.Status == DeployStatus.Failed);
        return pick?.Id;
    }
}
