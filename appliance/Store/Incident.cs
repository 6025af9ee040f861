namespace Hiy.Store;

/// <summary>An alert from open to resolved; <see cref="Key"/> names its condition ("app_down:blog", "disk").</summary>
public sealed record Incident(long Id, string Key, string Kind, string? Subject, string Message, DateTimeOffset OpenedAt, DateTimeOffset? ResolvedAt);

/// <summary>The two messages an incident has: its "down" and its "resolved".</summary>
public enum IncidentPhase { Open, Resolved }
