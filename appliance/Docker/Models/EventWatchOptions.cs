namespace Hiy.Docker.Models;

/// <summary>How <see cref="DockerClient.WatchEventsAsync"/> follows the event stream across dockerd restarts.</summary>
public sealed record EventWatchOptions
{
    /// <summary>Docker's event filters (<c>type</c>, <c>event</c>, <c>label</c>, <c>container</c>, …).</summary>
    public IReadOnlyDictionary<string, string[]>? Filters { get; init; }

    /// <summary>Replay events from this time on (dockerd keeps a short in-memory history); null = from now.</summary>
    public DateTimeOffset? Since { get; init; }

    /// <summary>
    /// Called each time the stream is (re)connected, before any event of that connection is handed out. Events that
    /// happened while dockerd was down are lost with its memory, so this is where a caller re-reads the real state.
    /// </summary>
    public Func<CancellationToken, Task>? OnConnected { get; init; }

    /// <summary>Called when the stream broke off (with the error) or ended (null), before waiting to reconnect.</summary>
    public Action<DockerApiException?>? OnDisconnected { get; init; }

    public TimeSpan InitialBackoff { get; init; } = TimeSpan.FromMilliseconds(500);
    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromSeconds(30);
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;
}
