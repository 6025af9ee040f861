using Hiy.Runtime;

namespace Hiy.Tests.Runtime;

/// <summary>Records swaps in the journal and keeps the route each app would have.</summary>
internal sealed class FakeRouteSwap(Journal journal) : IRouteSwap
{
    private readonly Dictionary<string, (long Deploy, int? Port)> _routes = new(StringComparer.Ordinal);

    public (long Deploy, int? Port)? RouteOf(string app) { lock (_routes) return _routes.TryGetValue(app, out var r) ? r : null; }

    public Task SwapAsync(string app, long deployId, int port, CancellationToken ct)
    {
        lock (_routes)
            _routes[app] = (deployId, port);
        journal.Add($"swap {app} {deployId}");
        return Task.CompletedTask;
    }

    public Task ActivateSiteAsync(string app, long deployId, string version, CancellationToken ct)
    {
        lock (_routes)
            _routes[app] = (deployId, null);
        journal.Add($"site {app} {deployId}");
        return Task.CompletedTask;
    }
}
