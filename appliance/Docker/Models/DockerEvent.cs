using System.Text.Json.Serialization;

namespace Hiy.Docker.Models;

/// <summary>
/// One message of GET /events: <see cref="Type"/> (<c>container</c>, <c>image</c>, <c>network</c>, <c>volume</c>, …),
/// <see cref="Action"/> (<c>create</c>, <c>start</c>, <c>die</c>, <c>oom</c>, <c>health_status: healthy</c>, …) and the
/// <see cref="Actor"/> with its attributes (a container's labels, <c>exitCode</c>, <c>name</c>, <c>image</c>).
/// </summary>
public sealed record DockerEvent
{
    [JsonPropertyName("Type")] public string Type { get; init; } = "";
    [JsonPropertyName("Action")] public string Action { get; init; } = "";
    [JsonPropertyName("Actor")] public EventActor? Actor { get; init; }
    [JsonPropertyName("scope")] public string? Scope { get; init; }
    [JsonPropertyName("time")] public long Time { get; init; }
    [JsonPropertyName("timeNano")] public long TimeNano { get; init; }

    /// <summary>The actor's id (the container id for container events).</summary>
    [JsonIgnore]
    public string ActorId => Actor?.ID ?? "";

    [JsonIgnore]
    public DateTimeOffset Timestamp => DateTimeOffset.UnixEpoch.AddTicks(TimeNano / 100);

    /// <summary>An actor attribute (for containers: labels, <c>name</c>, <c>image</c>, <c>exitCode</c> on <c>die</c>).</summary>
    public string? Attribute(string key) =>
        Actor?.Attributes is { } a && a.TryGetValue(key, out var v) ? v : null;
}

public sealed record EventActor
{
    public string ID { get; init; } = "";
    public Dictionary<string, string>? Attributes { get; init; }
}
