namespace Hiy.Stacks;

/// <summary>A service's container as Docker reports it, for the API (Hoster's <c>containers</c>).</summary>
public sealed record StackServiceState(string Service, string? ContainerId, string Image, string Status, string? Health,
    IReadOnlyList<StackPublishedPort> Ports, DateTimeOffset? StartedAt);

/// <summary>A container port and the 127.0.0.1 port Docker published it on (null while not running).</summary>
public sealed record StackPublishedPort(int ContainerPort, string Protocol, int? HostPort, int? RequestedHostPort);
