using Hiy.Docker;
using Hiy.Docker.Models;

namespace Hiy.Tests.Docker;

[Collection(DockerCollection.Name)]
public class DockerEventsTests(DockerFixture fx)
{
    private async Task<string> RunShortContainerAsync(DockerScope scope, string marker)
    {
        var id = scope.Container(await fx.Client.CreateContainerAsync(fx.Unique("hiy-test-events"), new ContainerCreateRequest
        {
            Image = "hiy-test/busybox",
            Cmd = ["sh", "-c", "exit 4"],
            Labels = fx.Labels(("hiy.test.events", marker)),
        }));
        await fx.Client.StartContainerAsync(id);
        await fx.Client.WaitContainerAsync(id);
        return id;
    }

    [Fact]
    public async Task GetEventsAsync_ContainerRunsAndExits_StartThenDieWithExitCodeAndLabels()
    {
        await using var scope = fx.NewScope();
        var marker = fx.Unique("ev");
        var since = DateTimeOffset.UtcNow.AddSeconds(-1);
        var id = await RunShortContainerAsync(scope, marker);
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var seen = new List<DockerEvent>();

        // since= replays what already happened; the stream then stays open, so stop once both were seen.
        await foreach (var e in fx.Client.GetEventsAsync(
                           new Dictionary<string, string[]> { ["type"] = ["container"], ["label"] = [$"hiy.test.events={marker}"] },
                           since, ct: cts.Token))
        {
            seen.Add(e);
            if (e.Action == "die")
                break;
        }

        Assert.All(seen, e => Assert.Equal(id, e.ActorId));
        var actions = seen.Select(e => e.Action).ToList();
        Assert.True(actions.IndexOf("start") >= 0 && actions.IndexOf("start") < actions.IndexOf("die"), string.Join(",", actions));
        var die = seen[^1];
        Assert.Equal("4", die.Attribute("exitCode"));
        Assert.Equal(marker, die.Attribute("hiy.test.events"));
        Assert.Equal("container", die.Type);
        Assert.InRange(die.Timestamp, since, DateTimeOffset.UtcNow.AddSeconds(5));
    }

    [Fact]
    public async Task GetEventsAsync_Until_EndsByItself()
    {
        await using var scope = fx.NewScope();
        var marker = fx.Unique("ev");
        var since = DateTimeOffset.UtcNow.AddSeconds(-1);
        await RunShortContainerAsync(scope, marker);
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var actions = new List<string>();

        await foreach (var e in fx.Client.GetEventsAsync(DockerFilters.Label($"hiy.test.events={marker}"), since,
                           DateTimeOffset.UtcNow.AddMilliseconds(200), cts.Token))
            actions.Add(e.Action);

        Assert.Contains("create", actions);
        Assert.Contains("die", actions);
    }

    [Fact]
    public async Task WatchEventsAsync_RealDockerd_ConnectsThenDeliversNewEvents()
    {
        await using var scope = fx.NewScope();
        var marker = fx.Unique("ev");
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var connected = new TaskCompletionSource();
        var options = new EventWatchOptions
        {
            Filters = DockerFilters.Label($"hiy.test.events={marker}"),
            OnConnected = _ => { connected.TrySetResult(); return Task.CompletedTask; },
        };
        string? id = null;
        var actions = new List<string>();

        var watch = Task.Run(async () =>
        {
            await foreach (var e in fx.Client.WatchEventsAsync(options, cts.Token))
            {
                actions.Add(e.Action);
                if (e.Action == "die")
                    return;
            }
        }, cts.Token);
        await connected.Task.WaitAsync(cts.Token);
        id = await RunShortContainerAsync(scope, marker);
        await watch.WaitAsync(cts.Token);

        Assert.NotNull(id);
        Assert.Equal(["create", "start", "die"], actions.Where(a => a is "create" or "start" or "die"));
    }

    [Fact]
    public async Task WatchEventsAsync_ConnectionDroppedLikeADockerdRestart_ReconnectsAndResumesWithoutDuplicates()
    {
        await using var scope = fx.NewScope();
        var socket = TestEnv.DockerHost["unix://".Length..];
        using var relay = new SocketRelay(System.IO.Path.Combine(System.IO.Path.GetDirectoryName(socket)!, $"relay-{fx.Run}.sock"), socket);
        using var client = new DockerClient(DockerEndpoint.Parse(relay.DockerHost));
        var marker = fx.Unique("ev");
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(40));
        var connections = 0;
        var firstConnection = new TaskCompletionSource();
        var reconnected = new TaskCompletionSource();
        var firstDie = new TaskCompletionSource();
        var failures = new List<DockerApiException?>();
        var options = new EventWatchOptions
        {
            Filters = DockerFilters.Label($"hiy.test.events={marker}"),
            InitialBackoff = TimeSpan.FromMilliseconds(100),
            MaxBackoff = TimeSpan.FromMilliseconds(400),
            OnConnected = _ =>
            {
                (++connections == 1 ? firstConnection : reconnected).TrySetResult();
                return Task.CompletedTask;
            },
            OnDisconnected = failures.Add,
        };
        var seen = new List<(string Action, string Id)>();
        string? second = null;

        var watch = Task.Run(async () =>
        {
            await foreach (var e in client.WatchEventsAsync(options, cts.Token))
            {
                seen.Add((e.Action, e.ActorId));
                if (e.Action == "die" && !firstDie.Task.IsCompleted)
                    firstDie.TrySetResult();
                else if (e.Action == "die")
                    return;
            }
        }, cts.Token);
        await firstConnection.Task.WaitAsync(cts.Token);
        var first = await RunShortContainerAsync(scope, marker);
        await firstDie.Task.WaitAsync(cts.Token);

        relay.Break();
        // This container lives and dies while the watch cannot reach dockerd.
        second = await RunShortContainerAsync(scope, marker);
        await Task.Delay(300, cts.Token);
        relay.Resume();
        await reconnected.Task.WaitAsync(cts.Token);
        await watch.WaitAsync(cts.Token);

        Assert.True(connections >= 2);
        Assert.NotEmpty(failures);
        string[] lifecycle = ["create", "start", "die"];
        Assert.Equal(lifecycle, seen.Where(s => s.Id == first && lifecycle.Contains(s.Action)).Select(s => s.Action));
        Assert.Equal(lifecycle, seen.Where(s => s.Id == second && lifecycle.Contains(s.Action)).Select(s => s.Action));
        Assert.Equal(seen.Count, seen.Distinct().Count());
    }
}
