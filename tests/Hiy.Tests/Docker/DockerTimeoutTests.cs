using System.Diagnostics;
using System.Net;
using Hiy.Docker;
using Hiy.Docker.Models;

namespace Hiy.Tests.Docker;

public class DockerTimeoutTests
{
    /// <summary>An engine that takes every request and never answers.</summary>
    private static LambdaHandler Silent() => new(async (_, ct) =>
    {
        await Task.Delay(Timeout.Infinite, ct);
        throw new InvalidOperationException("unreachable");
    });

    private static DockerClient Client(HttpMessageHandler handler, DockerClientOptions? options = null) =>
        new(DockerEndpoint.Parse("unix:///nowhere/docker.sock"), handler,
            (options ?? new DockerClientOptions()) with { ApiVersion = DockerApiVersions.Newest });

    private static DockerClientOptions Short => new()
    {
        RequestTimeout = TimeSpan.FromMilliseconds(100),
        SlowRequestTimeout = TimeSpan.FromMilliseconds(150),
        StreamIdleTimeout = TimeSpan.FromMilliseconds(100),
        DefaultStopGrace = TimeSpan.FromMilliseconds(200),
    };

    [Fact]
    public async Task InspectContainerAsync_NoAnswer_DockerApiExceptionNamingCallAndTimeout()
    {
        using var client = Client(Silent(), Short);
        var clock = Stopwatch.StartNew();

        var e = await Assert.ThrowsAsync<DockerApiException>(() => client.InspectContainerAsync("x"));

        Assert.Equal("container 'x': docker GET /containers/x/json: no answer within 0.1 s", e.Message);
        Assert.IsAssignableFrom<OperationCanceledException>(e.InnerException);
        Assert.Null(e.StatusCode);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), clock.Elapsed.ToString());
    }

    [Fact]
    public async Task InspectContainerAsync_CallerCancels_OperationCanceledAtOnceNotATimeout()
    {
        using var client = Client(Silent());
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(50));
        var clock = Stopwatch.StartNew();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.InspectContainerAsync("x", cts.Token));

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), clock.Elapsed.ToString());
    }

    [Fact]
    public async Task ListContainersAsync_NegotiationNoAnswer_NamesThePing()
    {
        using var client = new DockerClient(DockerEndpoint.Parse("unix:///nowhere/docker.sock"), Silent(),
            new DockerClientOptions { RequestTimeout = TimeSpan.FromMilliseconds(100) });

        var e = await Assert.ThrowsAsync<DockerApiException>(() => client.ListContainersAsync());

        Assert.Contains("docker GET /_ping: no answer within 0.1 s", e.Message);
    }

    [Fact]
    public async Task GetDiskUsageAsync_NoAnswer_SlowDeadline()
    {
        using var client = Client(Silent(), Short);

        var e = await Assert.ThrowsAsync<DockerApiException>(() => client.GetDiskUsageAsync());

        Assert.Equal("docker system df: docker GET /system/df: no answer within 0.15 s", e.Message);
    }

    [Fact]
    public async Task StopContainerAsync_NoAnswer_DeadlineIsGracePlusRequestTimeout()
    {
        using var client = Client(Silent(), Short);

        var named = await Assert.ThrowsAsync<DockerApiException>(() => client.StopContainerAsync("x", TimeSpan.FromSeconds(1)));
        var defaulted = await Assert.ThrowsAsync<DockerApiException>(() => client.StopContainerAsync("x"));

        Assert.Equal("container 'x': stop: docker POST /containers/x/stop: no answer within 1.1 s", named.Message);
        Assert.EndsWith("no answer within 0.3 s", defaulted.Message);
    }

    [Fact]
    public async Task WaitContainerAsync_AnswerLaterThanRequestTimeout_NoDeadlineForTheLongPoll()
    {
        var handler = new LambdaHandler(async (_, ct) =>
        {
            await Task.Delay(TimeSpan.FromMilliseconds(400), ct);
            return FakeEngine.Json("""{"StatusCode":3}""");
        });
        using var client = Client(handler, Short);

        Assert.Equal(3, await client.WaitContainerAsync("x"));
    }

    [Fact]
    public async Task SaveImageAsync_StreamFallsSilent_IdleTimeoutNamesTheCall()
    {
        var handler = new LambdaHandler((_, _) => Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK)
        {
            Content = new StreamContent(new StallingStream("tar bytes"u8.ToArray())),
        }));
        using var client = Client(handler, Short);
        using var destination = new MemoryStream();

        var e = await Assert.ThrowsAsync<DockerApiException>(() => client.SaveImageAsync("app:v1", destination));

        Assert.Equal("image 'app:v1': save: nothing from Docker for 0.1 s", e.Message);
        Assert.Equal("tar bytes"u8.ToArray(), destination.ToArray());
    }

    [Fact]
    public async Task SaveImageAsync_CallerCancelsWhileStreaming_OperationCanceled()
    {
        var handler = new LambdaHandler((_, _) => Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK)
        {
            Content = new StreamContent(new StallingStream("tar"u8.ToArray())),
        }));
        using var client = Client(handler, Short with { StreamIdleTimeout = TimeSpan.FromMinutes(5) });
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.SaveImageAsync("app:v1", Stream.Null, cts.Token));
    }

    [Fact]
    public async Task GetLogsAsync_FollowSilentLongerThanIdle_EndsOnlyByTheCaller()
    {
        var handler = new LambdaHandler((_, _) => Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK)
        {
            Content = new StreamContent(new StallingStream(Frames.Frame(1, "hello\n"))),
        }));
        using var client = Client(handler, Short);
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(500));
        var lines = new List<string>();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var line in client.GetLogsAsync("x", new LogsOptions { Tty = false, Follow = true }, cts.Token))
                lines.Add(line.Text);
        });

        Assert.Equal(["hello"], lines);
    }

    [Fact]
    public async Task GetLogsAsync_NoFollowStreamFallsSilent_IdleTimeout()
    {
        var handler = new LambdaHandler((_, _) => Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK)
        {
            Content = new StreamContent(new StallingStream(Frames.Frame(1, "hello\n"))),
        }));
        using var client = Client(handler, Short);

        var e = await Assert.ThrowsAsync<DockerApiException>(async () =>
        {
            await foreach (var _ in client.GetLogsAsync("x", new LogsOptions { Tty = false }))
            {
            }
        });

        Assert.Equal("container 'x': logs: nothing from Docker for 0.1 s", e.Message);
    }

    [Fact]
    public async Task GetEventsAsync_NoHeaders_RequestTimeoutNamesTheCall()
    {
        using var client = Client(Silent(), Short);

        var e = await Assert.ThrowsAsync<DockerApiException>(async () =>
        {
            await foreach (var _ in client.GetEventsAsync())
            {
            }
        });

        Assert.Equal("docker events: docker GET /events: no answer within 0.1 s", e.Message);
    }

    [Fact]
    public async Task GetEventsAsync_SilentLongerThanIdle_EndsOnlyByTheCaller()
    {
        var handler = new LambdaHandler((_, _) => Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK)
        {
            Content = new StreamContent(new StallingStream([])),
        }));
        using var client = Client(handler, Short);
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(400));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var _ in client.GetEventsAsync(ct: cts.Token))
            {
            }
        });
    }
}
