namespace Hiy.Proxy;

/// <summary>One app as the route table needs it. <paramref name="UpstreamPort"/> is null while no container is healthy.</summary>
public sealed record AppInput(string Name, int? UpstreamPort, IReadOnlyList<string>? CustomDomains = null);

/// <summary>
/// One static site: every stored version with its directory, and the active one (null: none yet); the
/// custom domains of the app whose static deploy it is.
/// </summary>
public sealed record SiteInput(string Name, IReadOnlyDictionary<string, string> VersionDirs, string? ActiveVersion,
    IReadOnlyList<string>? CustomDomains = null);

/// <summary>Everything the route table is built from; pushed by the modules that own the data.</summary>
public sealed record RouteInputs(
    string Domain,
    IReadOnlyList<AppInput> Apps,
    IReadOnlyList<SiteInput> Sites,
    IReadOnlyList<string>? ControlHosts = null);
