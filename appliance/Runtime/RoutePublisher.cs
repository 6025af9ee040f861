using Hiy.Core;
using Hiy.Proxy;
using Hiy.Store;
using Microsoft.Extensions.Logging;

namespace Hiy.Runtime;

/// <summary>
/// Builds the proxy's route inputs from the store (apps, custom domains, static sites) and the live
/// upstream ports, and pushes them into the proxy as one immutable snapshot.
/// </summary>
public sealed class RoutePublisher(ProxyModule proxy, AppRepository apps, SiteRepository sites, HiyPaths paths, Func<string> domain, ILogger<RoutePublisher> log)
{
    private readonly Lock _lock = new();

    public void Publish(IReadOnlyDictionary<string, int?> upstreams)
    {
        lock (_lock)
        {
            var inputs = Inputs(domain(), apps.List(), sites.List(), upstreams, paths.SiteVersionDir);
            foreach (var conflict in proxy.UpdateRoutes(inputs))
                RuntimeLog.RouteConflict(log, conflict);
        }
    }

    /// <summary>
    /// Pure: an app whose current deploy published a static site gives its host to the site of the same
    /// name; any other app keeps its host for its container, and its site (left from an earlier static
    /// deploy, kept for rollback) is not routed, so switching back to a Dockerfile needs no clean-up.
    /// </summary>
    public static RouteInputs Inputs(string domain, IReadOnlyList<AppRecord> apps, IReadOnlyList<SiteRecord> sites,
        IReadOnlyDictionary<string, int?> upstreams, Func<string, string, string> versionDir)
    {
        var byName = apps.ToDictionary(a => a.Name, StringComparer.Ordinal);
        return new RouteInputs(domain,
            apps.Where(a => a.StaticVersion is null).Select(a => new AppInput(a.Name, upstreams.GetValueOrDefault(a.Name))).ToArray(),
            sites.Where(s => !byName.TryGetValue(s.Name, out var app) || app.StaticVersion is not null)
                .Select(s => new SiteInput(s.Name,
                    s.Versions.ToDictionary(v => v.Version, v => versionDir(s.Name, v.Version), StringComparer.Ordinal),
                    s.ActiveVersion)).ToArray());
    }
}
