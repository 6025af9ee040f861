using System.Collections.Concurrent;

namespace Hiy.Proxy;

/// <summary>
/// Every route's <see cref="RouteMeter"/>, by kind and name, so a rebuilt route table hands the same counters to the same
/// app (a counter that reset on every deploy would read as a restart to Prometheus' rate()). Written only while a table is
/// built; the request path reads the meter straight from its route.
/// </summary>
public sealed class ProxyMeters
{
    private readonly ConcurrentDictionary<(RouteKind, string), RouteMeter> _meters = new();

    public RouteMeter For(RouteKind kind, string name) =>
        _meters.GetOrAdd((kind, name), static key => new RouteMeter(key.Item2, key.Item1));

    /// <summary>Drops the meters of routes that are gone (a deleted app), keeping those <paramref name="live"/> lists.</summary>
    public void Retain(IReadOnlyCollection<RouteMeter> live)
    {
        var keep = live.Select(m => (m.Kind, m.Name)).ToHashSet();
        foreach (var key in _meters.Keys)
            if (!keep.Contains(key))
                _meters.TryRemove(key, out _);
    }
}
