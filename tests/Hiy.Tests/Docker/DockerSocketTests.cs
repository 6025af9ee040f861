using System.Net.Sockets;
using Hiy.Docker;

namespace Hiy.Tests.Docker;

public class DockerSocketTests
{
    [Fact]
    public async Task PingAsync_SocketFileMissing_SaysNoSocketFileNamingIt()
    {
        var path = Path.Combine(Path.GetTempPath(), $"hiy-no-docker-{Guid.NewGuid():N}.sock");
        using var client = new DockerClient(DockerEndpoint.Parse("unix://" + path));

        var e = await Assert.ThrowsAsync<DockerApiException>(() => client.PingAsync());

        Assert.Contains($"cannot reach Docker at unix://{path}: no socket file at {path} (is dockerd running?)", e.Message);
        Assert.Null(e.StatusCode);
    }

    [Fact]
    public async Task PingAsync_SocketFileThereButNobodyListens_KeepsTheSocketError()
    {
        var path = Path.Combine(Path.GetTempPath(), $"hiy-dead-docker-{Guid.NewGuid():N}.sock");
        // Bound but never listening, like the socket file of a dockerd that died: the file exists, so the connect itself
        // runs and is refused. (Disposing the socket would delete the file, so it stays open for the test.)
        using var bound = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        bound.Bind(new UnixDomainSocketEndPoint(path));
        try
        {
            using var client = new DockerClient(DockerEndpoint.Parse("unix://" + path));

            var e = await Assert.ThrowsAsync<DockerApiException>(() => client.PingAsync());

            Assert.Contains($"cannot reach Docker at unix://{path}: ", e.Message);
            Assert.DoesNotContain("no socket file", e.Message);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
