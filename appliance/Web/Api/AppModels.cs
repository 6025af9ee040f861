namespace Hiy.Web.Api;

/// <summary>POST /api/v1/apps and PATCH /api/v1/apps/{app}: absent fields keep their value (or the default).</summary>
public sealed record AppRequest
{
    public string? Name { get; init; }
    public string? RepoUrl { get; init; }
    public string? Branch { get; init; }
    public int? Port { get; init; }
    public int? MemoryMb { get; init; }
    public double? Cpus { get; init; }
    public string? HealthPath { get; init; }
    public int? PollIntervalS { get; init; }
    public string? VolumePath { get; init; }
    public IReadOnlyList<string>? CapAdd { get; init; }
}

/// <summary>What the runtime knows of an app's live container.</summary>
public sealed record ContainerView(string? Id, int? HostPort, int? ExitCode, bool OomKilled, string? Detail);

/// <summary>An app as the API shows it (API.md "Apps").</summary>
public sealed record AppView(
    string Name,
    string Status,
    string Url,
    long? CurrentDeployId,
    string? RepoUrl,
    string Branch,
    int Port,
    int MemoryMb,
    double Cpus,
    string HealthPath,
    int? PollIntervalS,
    string? VolumePath,
    IReadOnlyList<string> CapAdd,
    ContainerView Container,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    // PATCH only: what reached the running container ("memory 256 MB and 1 CPUs applied to the running container").
    string? Applied = null,
    // Where to push and where GitHub posts, on the host and scheme the caller used (ControlUrls).
    string? GitUrl = null,
    string? WebhookUrl = null);

public sealed record AppListResponse(IReadOnlyList<AppView> Apps);
