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
            var inputs = new RouteInputs(domain(),
                apps.List().Select(a => new AppInput(a.Name, upstreams.GetValueOrDefault(a.Name))).ToArray(),
                sites.List().Select(s => new SiteInput(s.Name,
                    s.Versions.ToDictionary(v => v.Version, v => paths.SiteVersionDir(s.Name, v.Version), StringComparer.Ordinal),
                    s.ActiveVersion)).ToArray());
            foreach (var conflict in proxy.UpdateRoutes(inputs))
                RuntimeLog.RouteConflict(log, conflict);
        }
    }
}
