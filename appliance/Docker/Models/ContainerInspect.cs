using System.Globalization;
using System.Text.Json.Serialization;

namespace Hiy.Docker.Models;

/// <summary>GET /containers/{id}/json, the parts hiy reads.</summary>
public sealed record ContainerInspect
{
    public string Id { get; init; } = "";

    /// <summary>Docker's form: with a leading slash (<c>/hiy-blog-7</c>).</summary>
    public string Name { get; init; } = "";

    public string? Created { get; init; }

    /// <summary>The image id (sha256:…).</summary>
    public string? Image { get; init; }

    public int RestartCount { get; init; }
    public ContainerState? State { get; init; }
    public ContainerConfig? Config { get; init; }
    public HostConfig? HostConfig { get; init; }
    public NetworkSettings? NetworkSettings { get; init; }
    public MountPoint[]? Mounts { get; init; }

    /// <summary>
    /// The host port Docker published <paramref name="containerPort"/> on for <paramref name="hostIp"/>
    /// (127.0.0.1 by default), or null when it is not published (yet).
    /// </summary>
    public int? PublishedPort(int containerPort, string protocol = "tcp", string hostIp = "127.0.0.1")
    {
        if (NetworkSettings?.Ports is not { } ports
            || !ports.TryGetValue($"{containerPort}/{protocol}", out var bindings) || bindings is null)
            return null;
        foreach (var b in bindings)
        {
            if (b.HostIp == hostIp && int.TryParse(b.HostPort, NumberStyles.None, CultureInfo.InvariantCulture, out var port))
                return port;
        }
        return null;
    }
}

/// <summary>The config a container was created with (as inspect reports it).</summary>
public sealed record ContainerConfig
{
    public string? Image { get; init; }
    public string? Hostname { get; init; }
    public string? User { get; init; }
    public string[]? Env { get; init; }
    public string[]? Cmd { get; init; }
    public string[]? Entrypoint { get; init; }
    public string? WorkingDir { get; init; }
    public bool Tty { get; init; }
    public Dictionary<string, string>? Labels { get; init; }
    public Dictionary<string, EmptyObject>? ExposedPorts { get; init; }
    public HealthConfig? Healthcheck { get; init; }
}

/// <summary>A container's run state. Times are <c>0001-01-01T00:00:00Z</c> when the event never happened.</summary>
public sealed record ContainerState
{
    /// <summary><c>created</c>, <c>running</c>, <c>paused</c>, <c>restarting</c>, <c>removing</c>, <c>exited</c> or <c>dead</c>.</summary>
    public string Status { get; init; } = "";

    public bool Running { get; init; }
    public bool Paused { get; init; }
    public bool Restarting { get; init; }
    public bool OOMKilled { get; init; }
    public bool Dead { get; init; }
    public int Pid { get; init; }
    public int ExitCode { get; init; }
    public string? Error { get; init; }
    public DateTimeOffset StartedAt { get; init; }
    public DateTimeOffset FinishedAt { get; init; }
    public ContainerHealth? Health { get; init; }

    [JsonIgnore]
    public bool HasFinished => FinishedAt.Year > 1;
}

/// <summary>Health-check state: <c>starting</c>, <c>healthy</c> or <c>unhealthy</c>, with the latest probes.</summary>
public sealed record ContainerHealth
{
    public string Status { get; init; } = "";
    public int FailingStreak { get; init; }
    public HealthLogEntry[]? Log { get; init; }
}

public sealed record HealthLogEntry
{
    public DateTimeOffset Start { get; init; }
    public DateTimeOffset End { get; init; }
    public int ExitCode { get; init; }
    public string? Output { get; init; }
}

/// <summary>Published ports and joined networks.</summary>
public sealed record NetworkSettings
{
    /// <summary>Container port (<c>8080/tcp</c>) → host bindings (null entries for exposed but unpublished ports).</summary>
    public Dictionary<string, PortBinding[]?>? Ports { get; init; }

    public Dictionary<string, EndpointSettings>? Networks { get; init; }
}

/// <summary>A mount as inspect reports it.</summary>
public sealed record MountPoint
{
    public string? Type { get; init; }
    public string? Name { get; init; }
    public string? Source { get; init; }
    public string? Destination { get; init; }
    public bool RW { get; init; }
}
