using System.Net;
using Hiy.Docker;
using Hiy.Docker.Models;

namespace Hiy.Tests.Docker;

[Collection(DockerCollection.Name)]
public class DockerContainerTests(DockerFixture fx)
{
    private const long Mib = 1024 * 1024;

    /// <summary>A busybox container labelled for this run, running <paramref name="script"/> with sh.</summary>
    private ContainerCreateRequest Busybox(string script, HostConfig? host = null, bool tty = false) => new()
    {
        Image = "hiy-test/busybox",
        Cmd = ["sh", "-c", script],
        Labels = fx.Labels(),
        Tty = tty,
        HostConfig = host ?? new HostConfig(),
    };

    [Fact]
    public async Task CreateContainerAsync_AppWithLimits_InspectShowsThemAndItServesOnLoopbackPort()
    {
        await fx.AppImageAsync();
        await using var scope = fx.NewScope();
        var network = scope.Network(fx.Unique("hiy-test-net"));
        await fx.Client.CreateNetworkAsync(new NetworkCreateRequest { Name = network, Labels = fx.Labels() });
        var volume = scope.Volume(fx.Unique("hiy-test-data"));
        await fx.Client.CreateVolumeAsync(new VolumeCreateRequest { Name = volume, Labels = fx.Labels() });
        var name = fx.Unique("hiy-test-app");

        var id = scope.Container(await fx.Client.CreateContainerAsync(name, new ContainerCreateRequest
        {
            Image = fx.AppTag,
            Env = ["GREETING=ignored", "SECRET=s3cr3t"],
            Labels = fx.Labels(("hiy.app", "blog"), ("hiy.deploy", "7")),
            ExposedPorts = new() { ["8080/tcp"] = EmptyObject.Instance },
            Healthcheck = HealthConfig.Shell("wget -q -O- http://127.0.0.1:8080/ || exit 1", TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2), 3),
            HostConfig = new HostConfig
            {
                Memory = 512 * Mib,
                MemorySwap = 512 * Mib,
                NanoCpus = HostConfig.NanoCpusFor(0.5),
                PidsLimit = 256,
                RestartPolicy = RestartPolicy.UnlessStopped,
                CapDrop = ["ALL"],
                CapAdd = ["NET_BIND_SERVICE"],
                SecurityOpt = ["no-new-privileges"],
                Privileged = false,
                Mounts = [new Mount { Type = "volume", Source = volume, Target = "/data" }],
                NetworkMode = network,
                PortBindings = new() { ["8080/tcp"] = [new PortBinding { HostIp = "127.0.0.1", HostPort = "" }] },
            },
            NetworkingConfig = new NetworkingConfig { EndpointsConfig = new() { [network] = new EndpointSettings { Aliases = ["blog"] } } },
        }));
        await fx.Client.StartContainerAsync(id);
        await fx.Client.StartContainerAsync(id); // already running: not an error
        var inspect = await fx.Client.InspectContainerAsync(id);

        Assert.Equal("/" + name, inspect.Name);
        Assert.True(inspect.State!.Running);
        Assert.Equal("running", inspect.State.Status);
        var host = inspect.HostConfig!;
        Assert.Equal(512 * Mib, host.Memory);
        Assert.Equal(500_000_000, host.NanoCpus);
        Assert.Equal(256, host.PidsLimit);
        Assert.Equal(["ALL"], host.CapDrop!);
        Assert.Equal(["NET_BIND_SERVICE"], host.CapAdd!);
        Assert.Equal(["no-new-privileges"], host.SecurityOpt!);
        Assert.False(host.Privileged);
        Assert.Equal("unless-stopped", host.RestartPolicy!.Name);
        Assert.Equal(network, host.NetworkMode);
        Assert.Contains(inspect.Mounts!, m => m.Name == volume && m.Destination == "/data");
        Assert.Contains(network, inspect.NetworkSettings!.Networks!.Keys);
        Assert.Contains("SECRET=s3cr3t", inspect.Config!.Env!);
        Assert.Equal("blog", inspect.Config.Labels!["hiy.app"]);
        var port = inspect.PublishedPort(8080);
        Assert.NotNull(port);
        Assert.Equal("127.0.0.1", inspect.NetworkSettings.Ports!["8080/tcp"]![0].HostIp);

        // Only ever 127.0.0.1: the published port, never the bridge address.
        Assert.Equal("hi from hiy", (await GetAsync($"http://127.0.0.1:{port}/")).Trim());
        var health = await WaitForAsync(id, c => c.State!.Health?.Status == "healthy", TimeSpan.FromSeconds(20));
        Assert.Equal("healthy", health.State!.Health!.Status);

        var listed = await fx.Client.ListContainersAsync(filters: DockerFilters.Label("hiy.app=blog", $"hiy.test.run={fx.Run}"));
        Assert.Equal(id, Assert.Single(listed).Id);
        Assert.Equal("running", listed[0].State);
    }

    [Fact]
    public async Task KillContainerAsync_RunningApp_ExitedWith137AndNotRestarted()
    {
        await fx.AppImageAsync();
        await using var scope = fx.NewScope();
        var id = scope.Container(await fx.Client.CreateContainerAsync(fx.Unique("hiy-test-kill"), new ContainerCreateRequest
        {
            Image = fx.AppTag,
            Labels = fx.Labels(),
            HostConfig = new HostConfig { RestartPolicy = RestartPolicy.UnlessStopped },
        }));
        await fx.Client.StartContainerAsync(id);

        await fx.Client.KillContainerAsync(id);
        var exit = await fx.Client.WaitContainerAsync(id);
        var state = (await fx.Client.InspectContainerAsync(id)).State!;

        Assert.Equal(137, exit);
        Assert.Equal("exited", state.Status);
        Assert.False(state.Running);
        Assert.Equal(137, state.ExitCode);
        Assert.False(state.OOMKilled);
        Assert.True(state.HasFinished);
        Assert.True(state.FinishedAt >= state.StartedAt);
        var again = await Assert.ThrowsAsync<DockerApiException>(() => fx.Client.KillContainerAsync(id));
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
    }

    [Fact]
    public async Task StartContainerAsync_MemoryHogOver8Mib_OomKilled()
    {
        await using var scope = fx.NewScope();
        var id = scope.Container(await fx.Client.CreateContainerAsync(fx.Unique("hiy-test-oom"),
            Busybox("x=a; while true; do x=\"$x$x\"; done", new HostConfig { Memory = 8 * Mib, MemorySwap = 8 * Mib })));
        await fx.Client.StartContainerAsync(id);

        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var exit = await fx.Client.WaitContainerAsync(id, cts.Token);
        var state = (await fx.Client.InspectContainerAsync(id)).State!;

        Assert.Equal(137, exit);
        Assert.True(state.OOMKilled);
        Assert.Equal("exited", state.Status);
    }

    [Fact]
    public async Task StopContainerAsync_ProcessIgnoringTerm_KilledAfterTimeout()
    {
        await using var scope = fx.NewScope();
        var id = scope.Container(await fx.Client.CreateContainerAsync(fx.Unique("hiy-test-stop"),
            Busybox("trap '' TERM; while true; do sleep 0.1; done")));
        await fx.Client.StartContainerAsync(id);
        var started = DateTimeOffset.UtcNow;

        await fx.Client.StopContainerAsync(id, TimeSpan.FromSeconds(1));
        var took = DateTimeOffset.UtcNow - started;
        await fx.Client.StopContainerAsync(id, TimeSpan.FromSeconds(1)); // already stopped: not an error
        var state = (await fx.Client.InspectContainerAsync(id)).State!;

        Assert.InRange(took, TimeSpan.FromSeconds(0.9), TimeSpan.FromSeconds(15));
        Assert.Equal(137, state.ExitCode);
        Assert.False(state.Running);
    }

    [Fact]
    public async Task RestartContainerAsync_Running_StartsAgain()
    {
        await using var scope = fx.NewScope();
        var id = scope.Container(await fx.Client.CreateContainerAsync(fx.Unique("hiy-test-restart"), Busybox("sleep 60")));
        await fx.Client.StartContainerAsync(id);
        var first = (await fx.Client.InspectContainerAsync(id)).State!.StartedAt;

        await fx.Client.RestartContainerAsync(id, TimeSpan.Zero);
        var state = (await fx.Client.InspectContainerAsync(id)).State!;

        Assert.True(state.Running);
        Assert.True(state.StartedAt > first);
    }

    [Fact]
    public async Task RemoveContainerAsync_ForceRunning_GoneFromListAll()
    {
        var id = await fx.Client.CreateContainerAsync(fx.Unique("hiy-test-rm"), Busybox("sleep 60"));
        await fx.Client.StartContainerAsync(id);

        await fx.Client.RemoveContainerAsync(id, force: true, removeVolumes: true);
        var all = await fx.Client.ListContainersAsync(all: true, DockerFilters.Label($"hiy.test.run={fx.Run}"));

        Assert.DoesNotContain(all, c => c.Id == id);
        var e = await Assert.ThrowsAsync<DockerApiException>(() => fx.Client.InspectContainerAsync(id));
        Assert.True(e.IsNotFound);
    }

    private async Task<ContainerInspect> WaitForAsync(string id, Func<ContainerInspect, bool> condition, TimeSpan timeout)
    {
        var deadline = DateTimeOffset.UtcNow + timeout;
        while (true)
        {
            var inspect = await fx.Client.InspectContainerAsync(id);
            if (condition(inspect) || DateTimeOffset.UtcNow > deadline)
                return inspect;
            await Task.Delay(200);
        }
    }

    private static async Task<string> GetAsync(string url)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return await http.GetStringAsync(url);
            }
            catch (HttpRequestException) when (attempt < 50)
            {
                await Task.Delay(200);
            }
        }
    }
}
