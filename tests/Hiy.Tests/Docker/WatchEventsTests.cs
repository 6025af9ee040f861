using System.Net;
using System.Net.Sockets;
using System.Text;
using Hiy.Docker;
using Hiy.Docker.Models;

namespace Hiy.Tests.Docker;

public class WatchEventsTests
{
    private static string Event(string action, string id, long nanos) =>
        $$$"""{"Type":"container","Action":"{{{action}}}","Actor":{"ID":"{{{id}}}","Attributes":{"hiy.app":"blog"}},"time":{{{nanos / 1_000_000_000}}},"timeNano":{{{nanos}}}}""" + "\n";

    private static HttpResponseMessage Ok(string body) =>
        new(HttpStatusCode.OK) { Content = new StringContent(body, Encoding.UTF8, "application/json") };

    [Fact]
    public async Task WatchEventsAsync_DockerdGoneThenBack_RetriesResumesSinceLastAndSkipsReplays()
    {
        var requests = new List<string>();
        var handler = new LambdaHandler((request, _) =>
        {
            requests.Add(request.RequestUri!.PathAndQuery);
            return requests.Count switch
            {
                1 => throw new HttpRequestException("connect", new SocketException((int)SocketError.ConnectionRefused)),
                2 => Task.FromResult(Ok(Event("start", "a", 5_000_000_001) + Event("die", "a", 5_000_002_000))),
                3 => Task.FromResult(Ok(Event("die", "a", 5_000_002_000) + Event("start", "b", 6_000_000_000))),
                _ => Task.FromResult(new HttpResponseMessage(HttpStatusCode.BadRequest) { Content = new StringContent("""{"message":"stop here"}""") }),
            };
        });
        using var client = new DockerClient(DockerEndpoint.Parse("unix:///nowhere/docker.sock"), handler, PinnedVersion.Options);
        var connected = 0;
        var disconnects = new List<DockerApiException?>();
        var options = new EventWatchOptions
        {
            Since = DateTimeOffset.UnixEpoch.AddSeconds(5),
            Filters = DockerFilters.Label("hiy.app"),
            InitialBackoff = TimeSpan.FromMilliseconds(1),
            OnConnected = _ => { connected++; return Task.CompletedTask; },
            OnDisconnected = disconnects.Add,
        };
        var seen = new List<string>();

        var e = await Assert.ThrowsAsync<DockerApiException>(async () =>
        {
            await foreach (var ev in client.WatchEventsAsync(options))
                seen.Add($"{ev.Action} {ev.ActorId}");
        });

        Assert.Equal(["start a", "die a", "start b"], seen);
        Assert.Equal(HttpStatusCode.BadRequest, e.StatusCode);
        Assert.Equal(2, connected);
        Assert.Contains("cannot reach Docker at unix:///nowhere/docker.sock", disconnects[0]!.Message);
        Assert.Contains("since=5.000000000", requests[0]);
        Assert.Contains("filters=%7B%22label%22%3A%5B%22hiy.app%22%5D%7D", requests[0]);
        Assert.Contains("since=5.000002000", requests[2]);
        Assert.Contains("since=6.000000000", requests[3]);
    }

    [Fact]
    public async Task WatchEventsAsync_Cancelled_EndsWithOperationCanceled()
    {
        var handler = new LambdaHandler(async (_, ct) =>
        {
            await Task.Delay(Timeout.Infinite, ct);
            throw new InvalidOperationException();
        });
        using var client = new DockerClient(DockerEndpoint.Parse("unix:///nowhere/docker.sock"), handler, PinnedVersion.Options);
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var _ in client.WatchEventsAsync(ct: cts.Token))
            {
            }
        });
    }
}
