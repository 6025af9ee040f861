namespace Hiy.Docker.Models;

/// <summary>Parameters of GET /containers/{id}/logs.</summary>
public sealed record LogsOptions
{
    public bool Stdout { get; init; } = true;
    public bool Stderr { get; init; } = true;

    /// <summary>Keep the stream open and hand out new lines as the container writes them.</summary>
    public bool Follow { get; init; }

    /// <summary>Only the last N lines (null = all).</summary>
    public int? Tail { get; init; }

    public bool Timestamps { get; init; }
    public DateTimeOffset? Since { get; init; }

    /// <summary>A longer line is handed out in pieces of at most this many bytes (cut on a character boundary).</summary>
    public int MaxLineBytes { get; init; } = 1 << 20;

    /// <summary>Whether the container has a TTY (its log stream is then raw, not multiplexed); null = ask Docker.</summary>
    public bool? Tty { get; init; }
}
