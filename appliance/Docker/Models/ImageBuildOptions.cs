namespace Hiy.Docker.Models;

/// <summary>Parameters of POST /build (the legacy builder, as Docker 20.10 runs it without BuildKit).</summary>
public sealed record ImageBuildOptions
{
    /// <summary><c>name:tag</c> references to give the image.</summary>
    public IReadOnlyList<string> Tags { get; init; } = [];

    /// <summary>The Dockerfile's path inside the context; Docker's default is <c>Dockerfile</c>.</summary>
    public string? Dockerfile { get; init; }

    public IReadOnlyDictionary<string, string>? BuildArgs { get; init; }
    public IReadOnlyDictionary<string, string>? Labels { get; init; }

    /// <summary>Remove intermediate containers after a successful build.</summary>
    public bool Remove { get; init; } = true;

    /// <summary>Remove intermediate containers even when the build fails.</summary>
    public bool ForceRemove { get; init; } = true;

    public bool NoCache { get; init; }

    /// <summary>Memory limit of the build's RUN containers, in bytes.</summary>
    public long? Memory { get; init; }
}
