using Hiy.Docker;

namespace Hiy.Tests.Docker;

/// <summary>
/// Options that skip the version negotiation, for fakes that script every request (a one-connection raw server, a
/// handler counting requests): they speak <see cref="DockerApiVersions.Newest"/> from the first call.
/// </summary>
internal static class PinnedVersion
{
    public static DockerClientOptions Options { get; } = new() { ApiVersion = DockerApiVersions.Newest };
}
