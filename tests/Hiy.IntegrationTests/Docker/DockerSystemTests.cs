using System.Net;
using Hiy.Docker;

namespace Hiy.Tests.Docker;

[Collection(DockerCollection.Name)]
public class DockerSystemTests(DockerFixture fx)
{
    [Fact]
    public async Task PingVersionInfo_RealDockerd_Answer()
    {
        await fx.Client.PingAsync();
        var version = await fx.Client.GetVersionAsync();
        var info = await fx.Client.GetInfoAsync();

        Assert.False(string.IsNullOrEmpty(version.Version));
        Assert.True(Version.Parse(version.ApiVersion!) >= new Version(1, 41));
        Assert.Equal("linux", version.Os);
        Assert.False(string.IsNullOrEmpty(info.Architecture));
        Assert.True(info.NCPU > 0);
        Assert.True(info.MemTotal > 0);
    }

    [Fact]
    public async Task ApiVersion_RealDockerd_MinOfTheEnginesAndHiysNewest()
    {
        using var client = new DockerClient(DockerEndpoint.Parse(TestEnv.DockerHost));
        Assert.Null(client.ApiVersion);

        var engine = Version.Parse((await client.GetVersionAsync()).ApiVersion!);

        Assert.Equal(engine < DockerApiVersions.Newest ? engine : DockerApiVersions.Newest, client.ApiVersion);
    }

    [Fact]
    public async Task ApiVersion_ConnectionDroppedLikeADockerdRestart_NegotiatedAgain()
    {
        var socket = TestEnv.DockerHost["unix://".Length..];
        using var relay = new SocketRelay(System.IO.Path.Combine(System.IO.Path.GetDirectoryName(socket)!, $"relay-v-{fx.Run}.sock"), socket);
        using var client = new DockerClient(DockerEndpoint.Parse(relay.DockerHost));
        await client.ListContainersAsync();
        var first = client.ApiVersion;

        relay.Break();
        var e = await Assert.ThrowsAsync<DockerApiException>(() => client.ListContainersAsync());
        var whileDown = client.ApiVersion;
        relay.Resume();
        await client.ListContainersAsync();

        Assert.NotNull(first);
        Assert.Contains("cannot reach Docker", e.Message);
        Assert.Null(whileDown);
        Assert.Equal(first, client.ApiVersion);
    }

    [Fact]
    public async Task PingAsync_MissingSocket_ErrorNamesTheSocket()
    {
        var socket = $"/tmp/hiy-test/no-such-{fx.Run}.sock";
        using var client = new DockerClient(DockerEndpoint.Parse("unix://" + socket));

        var e = await Assert.ThrowsAsync<DockerApiException>(() => client.PingAsync());

        Assert.Contains($"cannot reach Docker at unix://{socket}", e.Message);
        Assert.Null(e.StatusCode);
    }

    [Fact]
    public async Task InspectImageAsync_MissingImage_404WithDockersMessage()
    {
        var name = $"hiy-test/missing-{fx.Run}:nope";

        var e = await Assert.ThrowsAsync<DockerApiException>(() => fx.Client.InspectImageAsync(name));

        Assert.Equal(HttpStatusCode.NotFound, e.StatusCode);
        Assert.True(e.IsNotFound);
        Assert.Contains($"image '{name}'", e.Message);
        Assert.Contains("No such image", e.Message);
        Assert.False(await fx.Client.ImageExistsAsync(name));
    }

    [Fact]
    public async Task InspectContainerAsync_MissingContainer_404()
    {
        var e = await Assert.ThrowsAsync<DockerApiException>(() => fx.Client.InspectContainerAsync($"missing-{fx.Run}"));

        Assert.Equal(HttpStatusCode.NotFound, e.StatusCode);
        Assert.Contains("No such container", e.Message);
    }
}
