namespace Hiy.Stacks;

/// <summary>
/// A compose file as hiy runs it: the subset Hoster supports, already checked (every value valid, every
/// dependency known, no cycle). Services keep the file's order, which breaks ties in the start order.
/// </summary>
public sealed record ComposeSpec(IReadOnlyList<ComposeService> Services, IReadOnlyList<string> Volumes)
{
    public ComposeService? Find(string name) => Services.FirstOrDefault(s => s.Name == name);
}

/// <summary>One service: what its container is created with.</summary>
public sealed record ComposeService
{
    public required string Name { get; init; }
    public required string Image { get; init; }
    public IReadOnlyList<ComposePort> Ports { get; init; } = [];
    /// <summary><c>KEY=value</c> pairs in file order.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Environment { get; init; } = [];
    public IReadOnlyList<ComposeDependency> DependsOn { get; init; } = [];
    public IReadOnlyList<ComposeVolumeMount> Volumes { get; init; } = [];
    public IReadOnlyList<string>? Command { get; init; }
    public IReadOnlyList<string>? Entrypoint { get; init; }
    public ComposeHealthcheck? Healthcheck { get; init; }
    /// <summary>Docker's restart policy name (<c>no</c>, <c>always</c>, <c>on-failure</c>, <c>unless-stopped</c>); null: hiy's default.</summary>
    public string? Restart { get; init; }
    public int RestartRetries { get; init; }
    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();
    public IReadOnlyList<string> CapAdd { get; init; } = [];
    public long? MemoryBytes { get; init; }
    public double? Cpus { get; init; }
}

/// <summary>A published port. <see cref="HostPort"/> is what the file asked for; hiy publishes on a free 127.0.0.1 port instead.</summary>
public sealed record ComposePort(int ContainerPort, string Protocol = "tcp", int? HostPort = null, string? HostIp = null)
{
    public string Key => $"{ContainerPort}/{Protocol}";
}

public enum DependencyCondition { Started, Healthy }

public sealed record ComposeDependency(string Service, DependencyCondition Condition = DependencyCondition.Started);

/// <summary>A named volume (declared under top-level <c>volumes:</c>) mounted at <see cref="Target"/>.</summary>
public sealed record ComposeVolumeMount(string Volume, string Target, bool ReadOnly = false);

/// <summary>Docker's health check form: <see cref="Test"/> starts with <c>CMD</c>, <c>CMD-SHELL</c> or is <c>NONE</c>.</summary>
public sealed record ComposeHealthcheck(IReadOnlyList<string> Test, TimeSpan? Interval = null, TimeSpan? Timeout = null,
    TimeSpan? StartPeriod = null, int? Retries = null)
{
    public bool Disabled => Test.Count > 0 && Test[0] == "NONE";
}

/// <summary>One thing wrong with a compose file: where (<c>services.web.privileged</c>) and why.</summary>
public sealed record ComposeProblem(string Path, string Message)
{
    public override string ToString() => $"{Path}: {Message}";
}

/// <summary>The parser's answer: the spec, or every problem found (never both).</summary>
public sealed record ComposeParse(ComposeSpec? Spec, IReadOnlyList<ComposeProblem> Problems)
{
    public bool Ok => Spec is not null;

    /// <summary>Problems keyed by path, for a problem document's <c>errors</c> (two at one path are joined).</summary>
    public IReadOnlyDictionary<string, string> Errors(string prefix = "") => Problems
        .GroupBy(p => prefix + p.Path, StringComparer.Ordinal)
        .ToDictionary(g => g.Key, g => string.Join("; ", g.Select(p => p.Message)), StringComparer.Ordinal);
}
