using System.Collections.Frozen;
using Hiy.Core;

namespace Hiy.Proxy;

/// <summary>
/// An immutable snapshot of host → target, built by a pure function from what the Store knows and
/// swapped whole into <see cref="RouteTableHolder"/> (DESIGN.md rule 1; YARP's InMemoryConfigProvider).
/// </summary>
public sealed class RouteTable
{
    private readonly FrozenDictionary<string, Target> _hosts;
    private readonly FrozenSet<string> _controlHosts;

    private RouteTable(string domain, FrozenDictionary<string, Target> hosts, FrozenSet<string> controlHosts, IReadOnlyList<string> conflicts,
        IReadOnlyList<RouteMeter> meters)
    {
        Domain = domain;
        _hosts = hosts;
        _controlHosts = controlHosts;
        Conflicts = conflicts;
        Meters = meters;
    }

    /// <summary>A host's route with its counters: looked up together, so the request path needs no second look-up.</summary>
    private sealed record Target(object Route, RouteMeter Meter);

    /// <summary>The counters of every app and site in this table, one each (GET /metrics reads them).</summary>
    public IReadOnlyList<RouteMeter> Meters { get; }

    /// <summary>The normalised base domain apps live under (<c>&lt;app&gt;.&lt;domain&gt;</c>).</summary>
    public string Domain { get; }

    /// <summary>Hosts that were asked for twice or clash with the appliance's own names; the first claim won.</summary>
    public IReadOnlyList<string> Conflicts { get; }

    public int Count => _hosts.Count;

    public static RouteTable Empty(string domain) =>
        Build(new RouteInputs(domain, [], []));

    /// <summary>Builds the table; <paramref name="meters"/> keeps each route's counters across rebuilds (none: fresh counters).</summary>
    public static RouteTable Build(RouteInputs inputs, ProxyMeters? meters = null)
    {
        meters ??= new ProxyMeters();
        var used = new List<RouteMeter>();
        var domain = HostSplit.Normalize(inputs.Domain);
        var control = new HashSet<string>(StringComparer.Ordinal) { domain, "hiy." + domain, "hiy.local", "localhost" };
        foreach (var h in inputs.ControlHosts ?? [])
            control.Add(HostSplit.Normalize(h));
        control.Remove("");

        var hosts = new Dictionary<string, Target>(StringComparer.Ordinal);
        var conflicts = new List<string>();
        void Claim(string rawHost, Target target, string owner)
        {
            var host = HostSplit.Normalize(rawHost);
            if (host.Length == 0 || control.Contains(host) || !hosts.TryAdd(host, target))
                conflicts.Add($"{owner}: host '{host}' is already taken");
        }

        // Sorted so that a conflict always resolves the same way, whatever order the Store returned.
        foreach (var app in inputs.Apps.OrderBy(a => a.Name, StringComparer.Ordinal))
        {
            if (!AppName.IsValid(app.Name))
            {
                conflicts.Add($"app '{app.Name}': {AppName.Check(app.Name)}");
                continue;
            }
            var port = app.UpstreamPort is > 0 and <= 65535 ? app.UpstreamPort : null;
            var route = new Target(new AppRoute(app.Name, port, port is null ? app.Down ?? AppDown.Starting : null), meters.For(RouteKind.App, app.Name));
            used.Add(route.Meter);
            Claim(app.Name + "." + domain, route, $"app '{app.Name}'");
            foreach (var custom in app.CustomDomains ?? [])
                Claim(custom, route, $"app '{app.Name}'");
        }
        foreach (var site in inputs.Sites.OrderBy(s => s.Name, StringComparer.Ordinal))
        {
            if (!AppName.IsValid(site.Name))
            {
                conflicts.Add($"site '{site.Name}': {AppName.Check(site.Name)}");
                continue;
            }
            var versions = site.VersionDirs.ToFrozenDictionary(StringComparer.Ordinal);
            var active = site.ActiveVersion is not null && versions.TryGetValue(site.ActiveVersion, out var dir) ? dir : null;
            var route = new Target(new SiteRoute(site.Name, active, versions), meters.For(RouteKind.Site, site.Name));
            used.Add(route.Meter);
            Claim(site.Name + "." + domain, route, $"site '{site.Name}'");
            foreach (var custom in site.CustomDomains ?? [])
                Claim(custom, route, $"site '{site.Name}'");
        }
        return new RouteTable(domain, hosts.ToFrozenDictionary(StringComparer.Ordinal), control.ToFrozenSet(StringComparer.Ordinal), conflicts, used);
    }

    /// <summary>Classifies a raw Host header. Pure and allocation-light: it runs once per request.</summary>
    public RouteMatch Lookup(string? hostHeader)
    {
        var host = HostSplit.Normalize(hostHeader);
        if (_hosts.TryGetValue(host, out var target))
        {
            return target.Route switch
            {
                AppRoute app => new RouteMatch(RouteKind.App, host, App: app, Meter: target.Meter),
                SiteRoute site => new RouteMatch(RouteKind.Site, host, Site: site, Meter: target.Meter),
                _ => new RouteMatch(RouteKind.Control, host),
            };
        }
        if (_controlHosts.Contains(host) || host.Length == 0 || HostSplit.IsIpLiteral(host))
            return new RouteMatch(RouteKind.Control, host);
        // DNS rebinding: a page on a name its author controls, resolved to this box, must not reach the control plane.
        // Only names the owner controls do: the base domain and below it, the fixed local names, and control_hosts.
        if (!HostSplit.IsUnder(host, Domain))
            return new RouteMatch(RouteKind.Unknown, host);
        var label = HostSplit.LabelUnder(host, Domain);
        // Reserved labels (hiy, api, www, …) belong to the appliance, never to an app.
        if (label is null || label == "hiy" || AppName.Check(label) is { } reason && reason.EndsWith("is reserved", StringComparison.Ordinal))
            return new RouteMatch(RouteKind.Control, host);
        return new RouteMatch(RouteKind.Unknown, host, Label: label);
    }
}
