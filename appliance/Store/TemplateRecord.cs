namespace Hiy.Store;

/// <summary>A file a template puts into its containers before they start (Hoster's <c>config_files</c>).</summary>
public sealed record TemplateConfigFile(string Name, string Path, string Content);

/// <summary>One row of <c>templates</c> (Hoster's template: compose spec, config files, price, published).</summary>
public sealed record TemplateRecord
{
    public required string Id { get; init; }
    public required string Name { get; init; }
    public required string Slug { get; init; }
    public required string Version { get; init; }
    public required string CreatorId { get; init; }
    public string Description { get; init; } = "";
    public required string ComposeSpec { get; init; }
    public IReadOnlyList<TemplateConfigFile> ConfigFiles { get; init; } = [];
    /// <summary>In cents, as Hoster counts it.</summary>
    public long PriceMonthly { get; init; }
    public bool Published { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }
}
