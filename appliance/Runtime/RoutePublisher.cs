using Hiy.Core;
using Hiy.Proxy;
using Hiy.Store;
using Microsoft.Extensions.Logging;

namespace Hiy.Runtime;

/// <summary>
/// Builds the proxy's route inputs from the store (apps, custom domains, static sites) and the live
/// upstream ports, and pushes them into the proxy as one immutable snapshot.
/// </summary>
public sealed class RoutePublisher(ProxyModule proxy, AppRepository apps, SiteRepository sites, DomainRepository customDomains, HiyPaths paths,
    Func<string> domain, ILogger<RoutePublisher> log)
{
    private readonly Lock _lock = new();

    public void Publish(IReadOnlyDictionary<string, int?> upstreams)
    {
        lock (_lock)
        {
            var custom = customDomains.List().GroupBy(d => d.App, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => (IReadOnlyList<string>)g.Select(d => d.Domain).ToArray(), StringComparer.Ordinal);
            var inputs = Inputs(domain(), apps.List(), sites.List(), upstreams, paths.SiteVersionDir, custom);
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
    public static RouteInputs Inputs(string domain, IReadOnlyList<AppRecord> apps, IReadOnlyList<SiteRecord> sites,
        IReadOnlyDictionary<string, int?> upstreams, Func<string, string, string> versionDir,
        IReadOnlyDictionary<string, IReadOnlyList<string>>? customDomains = null)
    {
        var byName = apps.ToDictionary(a => a.Name, StringComparer.Ordinal);
        IReadOnlyList<string>? CustomOf(string app) => customDomains?.GetValueOrDefault(app);
        return new RouteInputs(domain,
            apps.Where(a => a.StaticVersion is null).Select(a => new AppInput(a.Name, upstreams.GetValueOrDefault(a.Name), CustomOf(a.Name))).ToArray(),
            sites.Where(s => !byName.TryGetValue(s.Name, out var app) || app.StaticVersion is not null)
                .Select(s => new SiteInput(s.Name,
                    s.Versions.ToDictionary(v => v.Version, v => versionDir(s.Name, v.Version), StringComparer.Ordinal),
                    s.ActiveVersion, byName.ContainsKey(s.Name) ? CustomOf(s.Name) : null)).ToArray());
    }
}
