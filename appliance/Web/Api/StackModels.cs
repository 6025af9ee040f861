namespace Hiy.Web.Api;

/// <summary>One of a template's <c>config_files</c> (Hoster's shape): a file written at <c>path</c> in every service's container.</summary>
public sealed record ConfigFileBody(string? Name, string? Path, string? Content);

/// <summary><c>POST /api/v1/templates</c> and <c>PUT /api/v1/templates/{id}</c>: an update changes the fields given.</summary>
public sealed record TemplateRequest
{
    public string? Name { get; init; }
    public string? Version { get; init; }
    public string? CreatorId { get; init; }
    public string? Description { get; init; }
    public string? ComposeSpec { get; init; }
    public IReadOnlyList<ConfigFileBody?>? ConfigFiles { get; init; }
    public long? PriceMonthly { get; init; }
}

/// <summary>A template, as Hoster answers it.</summary>
public sealed record TemplateView(string Id, string Name, string Slug, string Version, string CreatorId, string Description, string ComposeSpec,
    IReadOnlyList<ConfigFileBody> ConfigFiles, long PriceMonthly, bool Published, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);

public sealed record TemplateListResponse(IReadOnlyList<TemplateView> Templates);

/// <summary><c>POST /api/v1/deployments</c>; <c>name</c> defaults to the template's slug and a random suffix.</summary>
public sealed record DeploymentRequest
{
    public string? TemplateId { get; init; }
    public string? CustomerId { get; init; }
    public string? Name { get; init; }
    public Dictionary<string, string?>? Variables { get; init; }
}

/// <summary>A deployment's address (Hoster's Domain; hiy gives each one <c>&lt;name&gt;.&lt;domain&gt;</c>).</summary>
public sealed record DeploymentDomainView(string Hostname, string Type);

/// <summary>A published port: the container's, and the 127.0.0.1 port it is on (the spec's own host port is only asked for).</summary>
public sealed record DeploymentPortView(int ContainerPort, string Protocol, int? HostPort, int? RequestedHostPort);

/// <summary>One service's container (Hoster's ContainerInfo), as Docker reports it now.</summary>
public sealed record DeploymentContainerView(string ServiceName, string? ContainerId, string Image, string Status, string? Health,
    IReadOnlyList<DeploymentPortView> Ports, DateTimeOffset? StartedAt);

/// <summary>A deployment. <c>variables</c> lists the names given, never their values; <c>containers</c> is left out of lists.</summary>
public sealed record DeploymentView(string Id, string Name, string TemplateId, string TemplateVersion, string CustomerId, string Status,
    string? ErrorMessage, IReadOnlyList<DeploymentDomainView> Domains, IReadOnlyList<string> Variables,
    IReadOnlyList<DeploymentContainerView>? Containers, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, DateTimeOffset? StartedAt,
    DateTimeOffset? StoppedAt);

public sealed record DeploymentListResponse(IReadOnlyList<DeploymentView> Deployments);

public sealed record DeploymentLogLine(string Service, string Stream, string Text, DateTimeOffset? At);

/// <summary><c>GET /api/v1/deployments/{id}/logs</c>: the services' last lines, oldest first.</summary>
public sealed record DeploymentLogResponse(IReadOnlyList<DeploymentLogLine> Lines);
