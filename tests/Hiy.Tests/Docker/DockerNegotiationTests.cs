using System.Net;
using Hiy.Docker;

namespace Hiy.Tests.Docker;

public class DockerNegotiationTests
{
    private static DockerClient Client(FakeEngine engine) => new(DockerEndpoint.Parse("unix:///nowhere/docker.sock"), engine.Handler());

    [Fact]
    public async Task ListContainersAsync_EngineNewerThanHiy_SpeaksHiysNewestAndAsksOnce()
    {
        var engine = new FakeEngine { PingVersion = "1.47" };
        using var client = Client(engine);

        await client.ListContainersAsync();
        await client.ListImagesAsync();

        Assert.Equal(["/_ping", "/v1.45/containers/json", "/v1.45/images/json"], engine.Paths);
        Assert.Equal(new Version(1, 45), client.ApiVersion);
    }

    [Fact]
    public async Task ListContainersAsync_EngineOlderThanHiysNewest_SpeaksTheEngines()
    {
        var engine = new FakeEngine { PingVersion = "1.41" };
        using var client = Client(engine);

        await client.ListContainersAsync();

        Assert.Equal(["/_ping", "/v1.41/containers/json"], engine.Paths);
    }

    [Fact]
    public async Task ListContainersAsync_EngineTooOld_RefusedNamingBothVersionsAndNothingElseSent()
    {
        var engine = new FakeEngine { PingVersion = "1.24" };
        using var client = Client(engine);

        var e = await Assert.ThrowsAsync<DockerApiException>(() => client.ListContainersAsync());

        Assert.Contains("docker engine API 1.24 is older than 1.41, the oldest hiy supports", e.Message);
        Assert.Equal(["/_ping"], engine.Paths);
        Assert.Null(client.ApiVersion);
    }

    [Fact]
    public async Task ListContainersAsync_PingWithoutVersionHeader_AsksVersion()
    {
        var engine = new FakeEngine { PingVersion = null, VersionBody = "1.44" };
        using var client = Client(engine);

        await client.ListContainersAsync();

        Assert.Equal(["/_ping", "/version", "/v1.44/containers/json"], engine.Paths);
    }

    [Fact]
    public async Task ListContainersAsync_AfterConnectionFailure_NegotiatesAgain()
    {
        var engine = new FakeEngine { PingVersion = "1.41" };
        using var client = Client(engine);
        await client.ListContainersAsync();

        // dockerd restarts, and comes back as a newer engine.
        engine.Down = true;
        var e = await Assert.ThrowsAsync<DockerApiException>(() => client.ListContainersAsync());
        engine.Down = false;
        engine.PingVersion = "1.45";
        await client.ListContainersAsync();

        Assert.Contains("cannot reach Docker at unix:///nowhere/docker.sock", e.Message);
        Assert.Equal(["/_ping", "/v1.41/containers/json", "/v1.41/containers/json", "/_ping", "/v1.45/containers/json"], engine.Paths);
    }

    [Fact]
    public async Task ListContainersAsync_NegotiationFailsToConnect_NextCallAsksAgain()
    {
        var engine = new FakeEngine { Down = true };
        using var client = Client(engine);

        await Assert.ThrowsAsync<DockerApiException>(() => client.ListContainersAsync());
        engine.Down = false;
        await client.ListContainersAsync();

        Assert.Equal(["/_ping", "/_ping", "/v1.45/containers/json"], engine.Paths);
    }

    [Fact]
    public async Task ListContainersAsync_EngineRefusesVersionAsTooNew_NextCallNegotiatesAgain()
    {
        var engine = new FakeEngine { PingVersion = "1.45" };
        engine.Answer = r => r.RequestUri!.PathAndQuery.StartsWith("/v1.45/", StringComparison.Ordinal)
            ? FakeEngine.Json("""{"message":"client version 1.45 is too new. Maximum supported API version is 1.41"}""", HttpStatusCode.BadRequest)
            : FakeEngine.Json("[]");
        using var client = Client(engine);
        await client.PingAsync();

        // An older dockerd was put in under hiy without a connection failing in between.
        engine.PingVersion = "1.41";
        var e = await Assert.ThrowsAsync<DockerApiException>(() => client.ListContainersAsync());
        await client.ListContainersAsync();

        Assert.Equal(HttpStatusCode.BadRequest, e.StatusCode);
        Assert.Equal(["/_ping", "/v1.45/containers/json", "/_ping", "/v1.41/containers/json"], engine.Paths);
    }

    [Fact]
    public async Task ListContainersAsync_ConcurrentFirstCalls_ShareOneNegotiation()
    {
        var engine = new FakeEngine { PingDelay = TimeSpan.FromMilliseconds(200) };
        using var client = Client(engine);

        await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => client.ListContainersAsync()));

        Assert.Equal(1, engine.Pings);
        Assert.Equal(9, engine.Paths.Count);
    }

    [Fact]
    public async Task PingAsync_EngineTooOld_ThrowsNamingBothVersions()
    {
        var engine = new FakeEngine { PingVersion = "1.40" };
        using var client = Client(engine);

        var e = await Assert.ThrowsAsync<DockerApiException>(() => client.PingAsync());

        Assert.Contains("docker engine API 1.40 is older than 1.41, the oldest hiy supports", e.Message);
    }

    [Fact]
    public async Task ListContainersAsync_Pinned_NeverAsks()
    {
        var engine = new FakeEngine();
        using var client = new DockerClient(DockerEndpoint.Parse("unix:///nowhere/docker.sock"), engine.Handler(),
            new DockerClientOptions { ApiVersion = new Version(1, 43) });

        await client.ListContainersAsync();

        Assert.Equal(["/v1.43/containers/json"], engine.Paths);
    }
}
