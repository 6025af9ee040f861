using Hiy.Docker;
using Hiy.Docker.Models;

namespace Hiy.Tests.Docker;

[CollectionDefinition(Name)]
public sealed class DockerCollection : ICollectionFixture<DockerFixture>
{
    public const string Name = "dockerd";
}

/// <summary>
/// The client for the test dockerd, a run id that every object of this run is labelled with
/// (<c>hiy.test=1</c>, <c>hiy.test.run=…</c>), and the app image built once for the tests that run it.
/// Whatever a test leaves behind is removed by label when the run ends.
/// </summary>
public sealed class DockerFixture : IAsyncLifetime
{
    /// <summary>A page served by busybox httpd on :8080; it says one line on stdout and one on stderr first.</summary>
    public const string AppDockerfile = """
        FROM hiy-test/busybox
        ARG GREETING=hello
        LABEL hiy.test.kind=app
        RUN mkdir -p /www && echo "$GREETING from hiy" > /www/index.html
        EXPOSE 8080
        HEALTHCHECK --interval=1s --timeout=1s --retries=3 CMD wget -q -O- http://127.0.0.1:8080/ || exit 1
        CMD ["sh", "-c", "echo serving on 8080; echo warming up >&2; exec httpd -f -p 8080 -h /www"]
        """;

    private readonly Lazy<Task<string>> _appImage;
    private int _counter;

    public DockerFixture()
    {
        Client = new DockerClient(DockerEndpoint.Parse(TestEnv.DockerHost));
        Run = Guid.NewGuid().ToString("N")[..8];
        _appImage = new Lazy<Task<string>>(BuildAppImageAsync);
    }

    public DockerClient Client { get; }

    public string Run { get; }

    /// <summary>The app image's tag (built on first use).</summary>
    public string AppTag => $"hiy-test-app-{Run}:v1";

    public List<string> AppBuildLines { get; } = [];

    public Task<string> AppImageAsync() => _appImage.Value;

    /// <summary>A name unique to this run: <c>prefix-run-n</c>.</summary>
    public string Unique(string prefix) => $"{prefix}-{Run}-{Interlocked.Increment(ref _counter)}";

    public Dictionary<string, string> Labels(params (string Key, string Value)[] extra)
    {
        var labels = new Dictionary<string, string> { ["hiy.test"] = "1", ["hiy.test.run"] = Run };
        foreach (var (k, v) in extra)
            labels[k] = v;
        return labels;
    }

    public DockerScope NewScope() => new(Client);

    private async Task<string> BuildAppImageAsync()
    {
        using var tar = TarContext.Create(("build/App.Dockerfile", AppDockerfile), ("README", "context file"));
        return await Client.BuildImageAsync(tar, new ImageBuildOptions
        {
            Tags = [AppTag],
            Dockerfile = "build/App.Dockerfile",
            BuildArgs = new Dictionary<string, string> { ["GREETING"] = "hi" },
            Labels = Labels(),
        }, AppBuildLines.Add);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        var mine = DockerFilters.Label($"hiy.test.run={Run}");
        try
        {
            foreach (var c in await Client.ListContainersAsync(all: true, mine))
                await Client.RemoveContainerAsync(c.Id, force: true, removeVolumes: true);
            foreach (var n in await Client.ListNetworksAsync(mine))
                await Client.RemoveNetworkAsync(n.Id);
            foreach (var v in await Client.ListVolumesAsync(mine))
                await Client.RemoveVolumeAsync(v.Name, force: true);
            foreach (var i in await Client.ListImagesAsync(mine))
                await Client.RemoveImageAsync(i.Id, force: true);
        }
        finally
        {
            Client.Dispose();
        }
    }
}
