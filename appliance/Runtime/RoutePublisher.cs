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
    private IReadOnlyDictionary<string, int?> _upstreams = new Dictionary<string, int?>();
    private IReadOnlyList<AppInput> _stacks = [];

    public void Publish(IReadOnlyDictionary<string, int?> upstreams)
    {
        lock (_lock)
        {
            _upstreams = upstreams;
            var custom = customDomains.List().GroupBy(d => d.App, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => (IReadOnlyList<string>)g.Select(d => d.Domain).ToArray(), StringComparer.Ordinal);
            var inputs = WithStacks(Inputs(domain(), apps.List(), sites.List(), upstreams, paths.SiteVersionDir, custom, DeployOf), _stacks);
            foreach (var conflict in proxy.UpdateRoutes(inputs))
                RuntimeLog.RouteConflict(log, conflict);
        }
    }

    /// <summary>
    /// The stacks' deployments (<c>&lt;deployment&gt;.&lt;domain&gt;</c> to a published port, or their 503 page), pushed by
    /// <c>Stacks</c>, which owns them; kept for every later publish, so the route table never reads the deployments itself.
    /// </summary>
    public void PublishStacks(IReadOnlyList<AppInput> stacks)
    {
        IReadOnlyDictionary<string, int?> upstreams;
        lock (_lock)
        {
            _stacks = stacks;
            upstreams = _upstreams;
        }
        Publish(upstreams);
    }

    /// <summary>Pure: the deployments join the apps; a name an app or a site already has stays theirs.</summary>
    public static RouteInputs WithStacks(RouteInputs inputs, IReadOnlyList<AppInput> stacks)
    {
        if (stacks.Count == 0)
            return inputs;
        var taken = inputs.Apps.Select(a => a.Name).Concat(inputs.Sites.Select(s => s.Name)).ToHashSet(StringComparer.Ordinal);
        return inputs with { Apps = [.. inputs.Apps, .. stacks.Where(s => !taken.Contains(s.Name))] };
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
