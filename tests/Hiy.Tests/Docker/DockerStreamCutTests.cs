using System.Text;
using Hiy.Docker;
using Hiy.Docker.Models;
using Hiy.Docker.Streams;
using static Hiy.Tests.Docker.Frames;

namespace Hiy.Tests.Docker;

/// <summary>Streams that end badly: over a real HTTP connection cut mid-chunk, and as bytes that stop mid-message.</summary>
public class DockerStreamCutTests
{
    [Fact]
    public async Task GetLogsAsync_ChunkedStreamCutMidFrame_LinesThenDockerApiException()
    {
        var frame = Frame(1, "this frame never finishes\n");
        await using var server = new RawHttpServer(async s =>
        {
            await s.WriteAsync(RawHttpServer.Headers("application/vnd.docker.raw-stream"));
            await s.WriteAsync(RawHttpServer.Chunk(Concat(Frame(1, "hello\n"), Frame(2, "warn\n"))));
            // A chunk that promises the whole frame, of which only part arrives before the connection drops.
            await s.WriteAsync(Encoding.ASCII.GetBytes($"{frame.Length:x}\r\n"));
            await s.WriteAsync(frame.AsMemory(0, 14));
        });
        using var client = new DockerClient(DockerEndpoint.Parse(server.DockerHost), options: PinnedVersion.Options);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var lines = new List<DockerLogLine>();

        var e = await Assert.ThrowsAsync<DockerApiException>(async () =>
        {
            await foreach (var line in client.GetLogsAsync("c1", new LogsOptions { Tty = false, Follow = true }, timeout.Token))
                lines.Add(line);
        });

        Assert.False(timeout.IsCancellationRequested);
        Assert.Contains("container 'c1': logs", e.Message);
        Assert.Equal(["hello", "warn"], lines.Select(l => l.Text).Take(2));
        Assert.Equal([DockerLogStream.Stdout, DockerLogStream.Stderr], lines.Select(l => l.Stream).Take(2));
    }

    [Fact]
    public async Task GetEventsAsync_ChunkedStreamCutMidMessage_EventThenDockerApiException()
    {
        await using var server = new RawHttpServer(async s =>
        {
            await s.WriteAsync(RawHttpServer.Headers("application/json"));
            await s.WriteAsync(RawHttpServer.Chunk("""{"Type":"container","Action":"start","Actor":{"ID":"abc"},"time":1,"timeNano":1000000000}"""u8.ToArray()
                .Concat("\n"u8.ToArray()).ToArray()));
            await s.WriteAsync("40\r\n{\"Type\":\"contai"u8.ToArray());
        });
        using var client = new DockerClient(DockerEndpoint.Parse(server.DockerHost), options: PinnedVersion.Options);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var events = new List<DockerEvent>();

        var e = await Assert.ThrowsAsync<DockerApiException>(async () =>
        {
            await foreach (var ev in client.GetEventsAsync(ct: timeout.Token))
                events.Add(ev);
        });

        Assert.False(timeout.IsCancellationRequested);
        Assert.Contains("docker events", e.Message);
        Assert.Equal("abc", Assert.Single(events).ActorId);
    }

    [Fact]
    public async Task ReadJsonLinesAsync_EndsInsideMessage_ThrowsClearly()
    {
        using var stream = new MemoryStream("{\"stream\":\"ok\\n\"}\r\n{\"stream\":\"cut"u8.ToArray());
        var messages = new List<JsonMessage>();

        var e = await Assert.ThrowsAsync<DockerApiException>(async () =>
        {
            await foreach (var m in DockerStreamReader.ReadJsonLinesAsync(stream, DockerJsonContext.Default.JsonMessage, "docker build 'x'", default))
                messages.Add(m);
        });

        Assert.Equal("ok\n", Assert.Single(messages).Stream);
        Assert.Contains("docker build 'x': the stream from Docker ended inside a message", e.Message);
    }

    [Fact]
    public async Task ReadJsonLinesAsync_LastMessageWithoutNewline_Parsed()
    {
        using var stream = new MemoryStream("\n{\"status\":\"a\"}\n\n{\"status\":\"b\"}"u8.ToArray());
        var statuses = new List<string?>();

        await foreach (var m in DockerStreamReader.ReadJsonLinesAsync(stream, DockerJsonContext.Default.JsonMessage, "s", default))
            statuses.Add(m.Status);

        Assert.Equal(["a", "b"], statuses);
    }
}
