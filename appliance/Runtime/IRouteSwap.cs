namespace Hiy.Runtime;

/// <summary>
/// The one step of a release that changes what serves an app: the store's current deploy and the proxy's
/// route, moved together. <see cref="RuntimeService"/> is the real one; the swap-order tests use a fake.
/// </summary>
public interface IRouteSwap
{
    /// <summary>Records <paramref name="deployId"/> as the app's current deploy and routes the app to <paramref name="port"/>.</summary>
    Task SwapAsync(string app, long deployId, int port, CancellationToken ct);

    /// <summary>Records <paramref name="deployId"/> as current and routes the app's host to static site <paramref name="version"/>.</summary>
    Task ActivateSiteAsync(string app, long deployId, string version, CancellationToken ct);
}
