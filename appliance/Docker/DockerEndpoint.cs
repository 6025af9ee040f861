using System.Net;
using System.Net.Sockets;

namespace Hiy.Docker;

/// <summary>
/// Where the Docker Engine listens, parsed from a <c>docker_host</c> setting
/// (<c>unix:///var/run/docker.sock</c>, or <c>tcp://127.0.0.1:2375</c> for tests).
/// </summary>
public sealed record DockerEndpoint(string Description, Func<EndPoint> CreateEndPoint, Uri BaseAddress)
{
    public static DockerEndpoint Parse(string dockerHost)
    {
        if (dockerHost.StartsWith("unix://", StringComparison.Ordinal))
        {
            var path = dockerHost["unix://".Length..];
            if (path.Length == 0 || path[0] != '/')
                throw new DockerApiException($"docker_host '{dockerHost}': a unix socket path must be absolute");
            return new DockerEndpoint(dockerHost, () => new UnixDomainSocketEndPoint(path), new Uri("http://docker"));
        }
        if (dockerHost.StartsWith("tcp://", StringComparison.Ordinal)
            && Uri.TryCreate("http://" + dockerHost["tcp://".Length..], UriKind.Absolute, out var uri))
        {
            return new DockerEndpoint(dockerHost, () => new DnsEndPoint(uri.Host, uri.Port), uri);
        }
        throw new DockerApiException($"docker_host '{dockerHost}': expected unix:///path or tcp://host:port");
    }

    /// <summary>The unix socket path, when the endpoint is one.</summary>
    public string? SocketPath => Description.StartsWith("unix://", StringComparison.Ordinal) ? Description["unix://".Length..] : null;
}
