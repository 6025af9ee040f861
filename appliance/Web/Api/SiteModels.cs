namespace Hiy.Web.Api;

public sealed record SiteVersionView(string Version, int FileCount, long SizeBytes, DateTimeOffset CreatedAt, string Url);

public sealed record SiteView(string Name, string? ActiveVersion, string Url, IReadOnlyList<SiteVersionView> Versions);

public sealed record SiteListResponse(IReadOnlyList<SiteView> Sites);

public sealed record ActivateRequest
{
    public string? Version { get; init; }
}
