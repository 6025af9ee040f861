using System.Net;
using System.Text;
using Hiy.Docker;

namespace Hiy.Tests.Docker;

public class CopyFromContainerTests
{
    [Fact]
    public async Task CopyFromContainerAsync_AsksForThePathAndHandsTheBodyToTheReader()
    {
        string? asked = null;
        var handler = new LambdaHandler((request, _) =>
        {
            asked = request.RequestUri!.PathAndQuery;
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent("tar bytes"u8.ToArray()) });
        });
        using var client = new DockerClient(DockerEndpoint.Parse("unix:///nowhere/docker.sock"), handler, PinnedVersion.Options);

        var text = await client.CopyFromContainerAsync("abc 1", "/app/dist", async (s, ct) => await new StreamReader(s).ReadToEndAsync(ct));

        Assert.Equal("tar bytes", text);
        Assert.Equal("/v1.45/containers/abc%201/archive?path=%2Fapp%2Fdist", asked);
    }

    [Fact]
    public async Task CopyFromContainerAsync_MissingPath_ThrowsNotFoundWithDockersMessage()
    {
        var handler = new LambdaHandler((_, _) => Task.FromResult(new HttpResponseMessage(HttpStatusCode.NotFound)
        {
            Content = new StringContent("""{"message":"Could not find the file /app/out in container x"}""", Encoding.UTF8, "application/json"),
        }));
        using var client = new DockerClient(DockerEndpoint.Parse("unix:///nowhere/docker.sock"), handler, PinnedVersion.Options);

        var e = await Assert.ThrowsAsync<DockerApiException>(() => client.CopyFromContainerAsync("x", "/app/out", (_, _) => Task.FromResult(0)));

        Assert.True(e.IsNotFound);
        Assert.Contains("container 'x': copy /app/out: Could not find the file", e.Message);
    }
}
