namespace Hiy.Docker.Models;

/// <summary>
/// How the host runs a container: resource limits, published ports, mounts, restart policy, security.
/// <see cref="Privileged"/> is always sent so a container is never privileged by accident.
/// </summary>
public sealed record HostConfig
{
    /// <summary>Bytes; 0 = unlimited.</summary>
    public long? Memory { get; init; }

    /// <summary>Memory plus swap in bytes; set equal to <see cref="Memory"/> for no swap, -1 for unlimited.</summary>
    public long? MemorySwap { get; init; }

    /// <summary>CPU quota in units of 10⁻⁹ CPUs (0.5 CPU = 500 000 000).</summary>
    public long? NanoCpus { get; init; }

    public long? PidsLimit { get; init; }
    public RestartPolicy? RestartPolicy { get; init; }
    public string[]? CapAdd { get; init; }
    public string[]? CapDrop { get; init; }
    public string[]? SecurityOpt { get; init; }
    public bool Privileged { get; init; }
    public bool ReadonlyRootfs { get; init; }
    public bool? Init { get; init; }

    /// <summary><c>volume-or-path:/container/path[:ro]</c>.</summary>
    public string[]? Binds { get; init; }

    public Mount[]? Mounts { get; init; }
    public string? NetworkMode { get; init; }

    /// <summary>Container port (<c>8080/tcp</c>) → host bindings; an empty <c>HostPort</c> lets Docker pick one.</summary>
    public Dictionary<string, PortBinding[]>? PortBindings { get; init; }

    public LogConfig? LogConfig { get; init; }
    public bool AutoRemove { get; init; }

    public static long NanoCpusFor(double cpus) => (long)Math.Round(cpus * 1_000_000_000d);
}

/// <summary><c>no</c>, <c>always</c>, <c>unless-stopped</c> or <c>on-failure</c> (with a retry limit).</summary>
public sealed record RestartPolicy
{
    public string Name { get; init; } = "no";
    public int MaximumRetryCount { get; init; }

    public static RestartPolicy UnlessStopped => new() { Name = "unless-stopped" };
}

/// <summary>One published port on the host.</summary>
public sealed record PortBinding
{
    public string? HostIp { get; init; }
    public string? HostPort { get; init; }
}

/// <summary>A mount: <c>volume</c> (a named volume), <c>bind</c> or <c>tmpfs</c>.</summary>
public sealed record Mount
{
    public string Type { get; init; } = "volume";
    public string? Source { get; init; }
    public string Target { get; init; } = "";
    public bool ReadOnly { get; init; }
}

/// <summary>The container's log driver; hiy keeps json-file so logs can be read back.</summary>
public sealed record LogConfig
{
    public string Type { get; init; } = "json-file";
    public Dictionary<string, string>? Config { get; init; }
}
