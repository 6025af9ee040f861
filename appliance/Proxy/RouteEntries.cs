using System.Collections.Frozen;

namespace Hiy.Proxy;

/// <summary>An app's route: forward to 127.0.0.1:<see cref="Port"/>, or, when null, the 503 page <see cref="Down"/> describes.</summary>
public sealed record AppRoute(string App, int? Port, AppDown? Down = null);

/// <summary>A static site's route: the active version's directory (null: nothing published) and all versions.</summary>
public sealed record SiteRoute(string Site, string? ActiveDir, FrozenDictionary<string, string> VersionDirs);

/// <summary>
/// The result of looking a host up. <see cref="Label"/> is the unknown name for <see cref="RouteKind.Unknown"/>;
/// <see cref="Meter"/> the app's or site's request counters.
/// </summary>
public readonly record struct RouteMatch(RouteKind Kind, string Host, AppRoute? App = null, SiteRoute? Site = null, string? Label = null,
    RouteMeter? Meter = null);
