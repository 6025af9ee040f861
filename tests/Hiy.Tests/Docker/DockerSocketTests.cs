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
        // A socket file left by a dockerd that died: it exists, so the connect itself runs and is refused.
        using (var listener = new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.Unix, System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Unspecified))
            listener.Bind(new System.Net.Sockets.UnixDomainSocketEndPoint(path));
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
