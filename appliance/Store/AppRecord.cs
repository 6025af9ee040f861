namespace Hiy.Store;

/// <summary>An app's status (API.md "Apps").</summary>
public enum AppStatus { Created, Building, Running, Stopped, Crashed, Failed }

/// <summary>One row of <c>apps</c>.</summary>
public sealed record AppRecord
{
    public long Id { get; init; }
    public required string Name { get; init; }
    public string? RepoUrl { get; init; }
    public string Branch { get; init; } = "main";
    public int Port { get; init; } = 8080;
    public int MemoryMb { get; init; } = 512;
    public double Cpus { get; init; } = 0.5;
    public string HealthPath { get; init; } = "/";
    public int? PollIntervalS { get; init; }
    public string? VolumePath { get; init; }
    public IReadOnlyList<string> CapAdd { get; init; } = [];
    public AppStatus Status { get; init; } = AppStatus.Created;
    public string? StatusDetail { get; init; }
    public int? LastExitCode { get; init; }
    public bool LastOomKilled { get; init; }
    public long? CurrentDeployId { get; init; }
    /// <summary>When the current deploy published a static site: its version (hiy serves it, no container); else null.</summary>
    public string? StaticVersion { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }

    public static string StatusText(AppStatus s) => s switch
    {
        AppStatus.Created => "created",
        AppStatus.Building => "building",
        AppStatus.Running => "running",
        AppStatus.Stopped => "stopped",
        AppStatus.Crashed => "crashed",
        _ => "failed",
    };

    public static AppStatus ParseStatus(string s) => s switch
    {
        "created" => AppStatus.Created,
        "building" => AppStatus.Building,
        "running" => AppStatus.Running,
        "stopped" => AppStatus.Stopped,
        "crashed" => AppStatus.Crashed,
        _ => AppStatus.Failed,
    };
}
