using System.Globalization;

namespace Hiy.Docker;

/// <summary>
/// The range of Engine API versions hiy is written for, and the rule that picks one for a given engine: the engine's
/// newest, capped at <see cref="Newest"/>, refused below <see cref="Oldest"/>. Every model field hiy reads or sends was
/// checked against both ends (see ARCHITECTURE.md, Docker).
/// </summary>
public static class DockerApiVersions
{
    /// <summary>Docker 20.10 (Debian 12's docker.io).</summary>
    public static readonly Version Oldest = new(1, 41);

    /// <summary>Docker 26 (Debian 13's docker.io).</summary>
    public static readonly Version Newest = new(1, 45);

    /// <summary>
    /// The version to speak to an engine whose newest is <paramref name="engineVersion"/> (as <c>/_ping</c>'s
    /// <c>API-Version</c> header or <c>/version</c>'s <c>ApiVersion</c> says it). An engine newer than hiy still serves
    /// older versions, so hiy speaks its own newest; an older one cannot serve what hiy reads.
    /// </summary>
    public static Version Negotiate(string? engineVersion, string engine)
    {
        if (!TryParse(engineVersion, out var offered))
            throw new DockerApiException($"docker engine at {engine} named no usable API version ('{engineVersion}')");
        if (offered < Oldest)
            throw new DockerApiException($"docker engine API {offered} is older than {Oldest}, the oldest hiy supports (at {engine})");
        return offered < Newest ? offered : Newest;
    }

    /// <summary>The path prefix for a version: <c>/v1.45</c>.</summary>
    public static string Prefix(Version version) => string.Create(CultureInfo.InvariantCulture, $"/v{version.Major}.{version.Minor}");

    /// <summary><c>1.45</c> (Docker never sends a third part, and one would not be a version hiy could speak).</summary>
    private static bool TryParse(string? text, out Version version)
    {
        version = new Version(0, 0);
        var parts = text?.Trim().Split('.');
        if (parts is not { Length: 2 }
            || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var major)
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var minor))
            return false;
        version = new Version(major, minor);
        return true;
    }
}
