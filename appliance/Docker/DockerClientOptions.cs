namespace Hiy.Docker;

/// <summary>
/// How a <see cref="DockerClient"/> speaks to the engine: which API version (negotiated unless pinned) and how long
/// each class of call may take. A deadline is the whole call (connect, headers, body); a stream has no deadline, only
/// the caller's token, and where silence means trouble an idle limit between two reads.
/// </summary>
public sealed record DockerClientOptions
{
    /// <summary>
    /// Speak this API version without asking the engine (as <c>DOCKER_API_VERSION</c> does for the CLI); null, the
    /// default, negotiates <c>min(engine, <see cref="DockerApiVersions.Newest"/>)</c> on first use.
    /// </summary>
    public Version? ApiVersion { get; init; }

    /// <summary>
    /// Inspect, list, create, start, kill, tag, ping, version, info, one stats sample, the negotiation; and the wait for
    /// the headers of events and logs, which dockerd sends before the first line.
    /// </summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Calls that walk or delete image layers (<c>/system/df</c>, image remove and prune): on a Pi's SD card these take
    /// minutes on a full disk, not seconds.
    /// </summary>
    public TimeSpan SlowRequestTimeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Stop and restart wait for the container's grace period first; when the caller names none this is Docker's
    /// default (10 s), added to <see cref="RequestTimeout"/>.
    /// </summary>
    public TimeSpan DefaultStopGrace { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// The longest silence between two reads of a stream whose bytes should keep coming (image save, archive copy,
    /// logs without follow, streamed stats). Followed logs, events, build output and image load may rightly be silent
    /// for long, so they end only by the caller's token.
    /// </summary>
    public TimeSpan StreamIdleTimeout { get; init; } = TimeSpan.FromMinutes(2);

    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;
}
