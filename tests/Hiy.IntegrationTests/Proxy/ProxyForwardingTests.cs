using System.Diagnostics;
using System.Net;
using System.Net.WebSockets;
using System.Text;

namespace Hiy.Tests.Proxy;

[Collection("proxy")]
public class ProxyForwardingTests(ProxyFixture fixture)
{
    private HttpClient Client() => fixture.Plain.Client();

    [Fact]
    public async Task AppHost_Get_ForwardedWithHostAndForwardingHeaders()
    {
        using var client = Client();
        using var request = new HttpRequestMessage(HttpMethod.Get, "http://blog.hiy.test/echo?q=a%2Fb");
        request.Headers.TryAddWithoutValidation("Connection", "X-Secret");
        request.Headers.TryAddWithoutValidation("X-Secret", "dropped");
        request.Headers.TryAddWithoutValidation("X-Forwarded-For", "6.6.6.6");
        using var response = await client.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("host: blog.hiy.test\n", body);
        Assert.Contains("target: /echo?q=a%2Fb\n", body);
        Assert.Contains("x-forwarded-for: 127.0.0.1\n", body);
        Assert.Contains("x-forwarded-proto: http\n", body);
        Assert.Contains("x-forwarded-host: blog.hiy.test\n", body);
        Assert.Matches("x-request-id: [0-9a-f]{32}\n", body);
        Assert.DoesNotContain("x-secret", body);
        Assert.Equal("yes", response.Headers.GetValues("X-Backend").Single());
        Assert.False(response.Headers.Contains("X-Hop"));
    }

    [Fact]
    public async Task AppHost_Get_OneAccessLogLineWithUpstreamStatus()
    {
        using var client = Client();
        await client.GetStringAsync("http://blog.hiy.test/logged-path");
        Assert.Contains(fixture.Log.Lines, l => l.StartsWith("Information: GET blog.hiy.test/logged-path -> 200 (upstream 200) ", StringComparison.Ordinal) && l.EndsWith(" ms", StringComparison.Ordinal));
        await client.GetAsync("http://deploying.hiy.test/logged-503");
        Assert.Contains(fixture.Log.Lines, l => l.StartsWith("Information: GET deploying.hiy.test/logged-503 -> 503 (upstream 0) ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AppHost_IncomingRequestId_Kept()
    {
        using var client = Client();
        using var request = new HttpRequestMessage(HttpMethod.Get, "http://blog.hiy.test/");
        request.Headers.Add("X-Request-Id", "abc-123");
        var body = await (await client.SendAsync(request)).Content.ReadAsStringAsync();
        Assert.Contains("x-request-id: abc-123\n", body);
    }

    [Fact]
    public async Task CustomDomain_Get_ReachesApp()
    {
        using var client = Client();
        var body = await client.GetStringAsync("http://blog.example.org/");
        Assert.Contains("host: blog.example.org\n", body);
    }

    [Theory]
    [InlineData("http://hiy.local/")]
    [InlineData("http://hiy.hiy.test/")]
    [InlineData("http://hiy.test/")]
    [InlineData("http://192.168.1.9/")]
    public async Task ControlHost_Get_FallsThroughToControlPipeline(string url)
    {
        using var client = Client();
        Assert.Equal("control", await client.GetStringAsync(url));
    }

    [Fact]
    public async Task UnknownApp_Get_Branded404NamingIt()
    {
        using var client = Client();
        using var response = await client.GetAsync("http://nope.hiy.test/");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("no app or site named &#39;nope&#39;", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task AppWithoutContainer_Get_503Starting()
    {
        using var client = Client();
        using var response = await client.GetAsync("http://deploying.hiy.test/");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        var page = await response.Content.ReadAsStringAsync();
        Assert.Contains("<h1>Starting…</h1>", page);
        Assert.Contains("no healthy container this instant", page);
        Assert.Equal("5", response.Headers.GetValues("Retry-After").Single());
    }

    [Fact]
    public async Task UpdateRoutes_NewApp_RoutedOnNextRequest()
    {
        var module = fixture.Plain.Module;
        var before = module.Routes.Current;
        try
        {
            using var client = Client();
            Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("http://fresh.hiy.test/")).StatusCode);
            module.UpdateRoutes(new Hiy.Proxy.RouteInputs(ProxyFixture.Domain, [new Hiy.Proxy.AppInput("fresh", fixture.BackendPort)], []));
            Assert.Contains("host: fresh.hiy.test\n", await client.GetStringAsync("http://fresh.hiy.test/"));
        }
        finally
        {
            module.Routes.Update(before);
        }
    }

    [Fact]
    public async Task UpstreamDown_Get_502()
    {
        using var client = Client();
        using var response = await client.GetAsync("http://down.hiy.test/");
        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.Contains("Bad gateway", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task SlowUpstream_Get_504AfterActivityTimeout()
    {
        using var client = Client();
        var watch = Stopwatch.StartNew();
        using var response = await client.GetAsync("http://blog.hiy.test/slow");
        Assert.Equal(HttpStatusCode.GatewayTimeout, response.StatusCode);
        Assert.InRange(watch.Elapsed, TimeSpan.FromSeconds(0.9), TimeSpan.FromSeconds(4));
    }

    [Fact]
    public async Task HugeHeader_64KB_431()
    {
        var (status, _) = await RawHttp.SendAsync(fixture.Plain.HttpPort, "blog.hiy.test", "/", "X-Big: " + new string('a', 64 * 1024) + "\r\n");
        Assert.Equal(431, status);
    }

    [Fact]
    public async Task WebSocket_Echo_ThroughProxy()
    {
        using var invoker = new HttpMessageInvoker(ProxyTestHost.Handler(fixture.Plain.HttpPort));
        using var socket = new ClientWebSocket();
        await socket.ConnectAsync(new Uri("ws://blog.hiy.test/ws"), invoker, CancellationToken.None);
        foreach (var message in new[] { "hello", "through", "hiy" })
        {
            await socket.SendAsync(Encoding.UTF8.GetBytes(message), WebSocketMessageType.Text, true, CancellationToken.None);
            var buffer = new byte[1024];
            var result = await socket.ReceiveAsync(buffer, CancellationToken.None);
            Assert.Equal(message, Encoding.UTF8.GetString(buffer, 0, result.Count));
        }
        await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", CancellationToken.None);
        Assert.Equal(WebSocketCloseStatus.NormalClosure, socket.CloseStatus);
    }

    [Fact]
    public async Task ServerSentEvents_ArriveOneByOne()
    {
        using var client = Client();
        using var response = await client.GetAsync("http://blog.hiy.test/sse", HttpCompletionOption.ResponseHeadersRead);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        var watch = Stopwatch.StartNew();
        var arrivals = new List<(string Line, TimeSpan At)>();
        while (await reader.ReadLineAsync() is { } line)
        {
            if (line.StartsWith("data:", StringComparison.Ordinal))
                arrivals.Add((line, watch.Elapsed));
        }
        Assert.Equal(["data: 1", "data: 2", "data: 3"], arrivals.Select(a => a.Line));
        // The backend waits 400 ms between events: buffering would deliver them all at once at the end.
        Assert.True(arrivals[0].At < TimeSpan.FromMilliseconds(300), $"first event after {arrivals[0].At}");
        Assert.True(arrivals[2].At - arrivals[0].At > TimeSpan.FromMilliseconds(600), $"events bunched: {string.Join(", ", arrivals.Select(a => a.At))}");
    }
}
