namespace Hiy.Docker.Models;

/// <summary>Which stream a log line came from. A container with a TTY has one merged stream, reported as stdout.</summary>
public enum DockerLogStream
{
    Stdout = 1,
    Stderr = 2,
}

/// <summary>One line of a container's output, without its newline; <see cref="Timestamp"/> when asked for.</summary>
public sealed record DockerLogLine(DockerLogStream Stream, string Text, DateTimeOffset? Timestamp = null);
