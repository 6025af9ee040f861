using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Hiy.Tests.Proxy;

/// <summary>The HTTP details YARP's forwarder brings: Expect, trailers, forwarding headers, the activity timeout.</summary>
[Collection("proxy")]
public class ProxyProtocolTests(ProxyFixture fixture)
{
    [Fact]
    public async Task Expect100Continue_ReachesApp_ClientGetsInterimBeforeSendingBody()
    {
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, fixture.Plain.HttpPort);
        var stream = client.GetStream();
        await stream.WriteAsync(Encoding.Latin1.GetBytes(
            "POST /expect HTTP/1.1\r\nHost: blog.hiy.test\r\nContent-Length: 5\r\nExpect: 100-continue\r\nConnection: close\r\n\r\n"));
        // The body is held back until the interim answer, as a real client with a big upload does.
        var interim = await ReadUntilAsync(stream, "\r\n\r\n");
        Assert.StartsWith("HTTP/1.1 100 Continue", interim, StringComparison.Ordinal);
        await stream.WriteAsync("hello"u8.ToArray());
        using var reader = new StreamReader(stream, Encoding.Latin1);
        var rest = await reader.ReadToEndAsync().WaitAsync(TimeSpan.FromSeconds(10));
        Assert.StartsWith("HTTP/1.1 200", rest, StringComparison.Ordinal);
        Assert.Contains("expect: 100-continue\n", rest);
        Assert.Contains("body: 5\n", rest);
    }

    [Fact]
    public async Task ClientForwardingHeaders_ReplacedByHiys()
    {
        using var client = fixture.Plain.Client();
        using var request = new HttpRequestMessage(HttpMethod.Get, "http://blog.hiy.test/echo");
        request.Headers.TryAddWithoutValidation("Forwarded", "for=6.6.6.6;proto=https");
        request.Headers.TryAddWithoutValidation("X-Real-IP", "6.6.6.6");
        request.Headers.TryAddWithoutValidation("X-Forwarded-Proto", "https");
        request.Headers.TryAddWithoutValidation("X-Forwarded-Host", "evil.example");
        request.Headers.TryAddWithoutValidation("X-Forwarded-Prefix", "/admin");
        var body = await (await client.SendAsync(request)).Content.ReadAsStringAsync();
        Assert.Contains("forwarded: for=127.0.0.1;host=blog.hiy.test;proto=http\n", body);
        Assert.Contains("x-real-ip: 127.0.0.1\n", body);
        Assert.Contains("x-forwarded-proto: http\n", body);
        Assert.Contains("x-forwarded-host: blog.hiy.test\n", body);
        Assert.DoesNotContain("6.6.6.6", body);
        Assert.DoesNotContain("evil.example", body);
        Assert.DoesNotContain("x-forwarded-prefix", body);
    }

    [Fact]
    public async Task AppStallsAfterHeaders_StreamCutAfterActivityTimeout()
    {
        using var client = fixture.Plain.Client();
        var watch = Stopwatch.StartNew();
        using var response = await client.GetAsync("http://blog.hiy.test/stall-body", HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await using var body = await response.Content.ReadAsStreamAsync();
        var buffer = new byte[64];
        Assert.Equal("first\n", Encoding.ASCII.GetString(buffer, 0, await body.ReadAsync(buffer)));
        // The app is silent for 5 s; the fixture's activity timeout is 1 s, so the proxy cuts the stream (no clean end).
        await Assert.ThrowsAnyAsync<Exception>(async () =>
        {
            while (await body.ReadAsync(buffer) > 0)
            {
            }
        });
        Assert.InRange(watch.Elapsed, TimeSpan.FromSeconds(0.9), TimeSpan.FromSeconds(4));
        // The client sees the reset before the proxy's middleware returns and logs.
        var logged = false;
        for (var i = 0; i < 50 && !logged; i++, await Task.Delay(100))
            logged = fixture.Log.Lines.Any(l => l.StartsWith("Warning: app 'blog': 127.0.0.1:", StringComparison.Ordinal) && l.Contains("made no progress for 1 s", StringComparison.Ordinal));
        Assert.True(logged, string.Join("\n", fixture.Log.Lines.Where(l => !l.StartsWith("Information", StringComparison.Ordinal) || l.Contains("stall", StringComparison.Ordinal))));
    }

    [Fact]
    public async Task ResponseTrailers_Http2Client_PassedThrough()
    {
        using var client = fixture.Tls.Client(https: true);
        using var request = new HttpRequestMessage(HttpMethod.Get, "https://trailers.hiy.test/")
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
        var (status, trailer, body) = await WithTrailerAppAsync(fixture.Tls, async () =>
        {
            using var response = await client.SendAsync(request);
            var text = await response.Content.ReadAsStringAsync();
            return (response.StatusCode, response.TrailingHeaders.TryGetValues("X-Checksum", out var values) ? values.Single() : null, text);
        });
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("hello", body);
        Assert.Equal("abc123", trailer);
    }

    [Fact]
    public async Task ResponseTrailers_Http11Client_BodyIntactAndNoTrailerPromised()
    {
        // Kestrel sends no trailers to an HTTP/1.1 client, so hiy must not forward the app's promise of them.
        var (status, raw) = await WithTrailerAppAsync(fixture.Plain, () => RawHttp.SendRawAsync(fixture.Plain.HttpPort,
            "GET / HTTP/1.1\r\nHost: trailers.hiy.test\r\nTE: trailers\r\nConnection: close\r\n\r\n"));
        Assert.Equal(200, status);
        Assert.EndsWith("\r\n\r\n5\r\nhello\r\n0\r\n\r\n", raw, StringComparison.Ordinal);
        Assert.DoesNotContain("Trailer:", raw, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>
    /// Routes "trailers" to a one-shot raw HTTP/1.1 app that answers chunked with an X-Checksum trailer,
    /// runs <paramref name="send"/>, and restores the routes.
    /// </summary>
    private static async Task<T> WithTrailerAppAsync<T>(ProxyTestHost host, Func<Task<T>> send)
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var app = Task.Run(async () =>
        {
            using var socket = await listener.AcceptTcpClientAsync();
            var stream = socket.GetStream();
            await ReadUntilAsync(stream, "\r\n\r\n");
            await stream.WriteAsync(Encoding.ASCII.GetBytes(
                "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nTransfer-Encoding: chunked\r\nTrailer: X-Checksum\r\nConnection: close\r\n\r\n" +
                "5\r\nhello\r\n0\r\nX-Checksum: abc123\r\n\r\n"));
            await stream.FlushAsync();
        });
        var module = host.Module;
        var before = module.Routes.Current;
        try
        {
            module.UpdateRoutes(new Hiy.Proxy.RouteInputs(ProxyFixture.Domain, [new Hiy.Proxy.AppInput("trailers", ((IPEndPoint)listener.LocalEndpoint).Port)], []));
            var result = await send();
            await app.WaitAsync(TimeSpan.FromSeconds(10));
            return result;
        }
        finally
        {
            module.Routes.Update(before);
        }
    }

    private static async Task<string> ReadUntilAsync(NetworkStream stream, string end)
    {
        var text = new StringBuilder();
        var one = new byte[1];
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (!text.ToString().EndsWith(end, StringComparison.Ordinal))
        {
            if (await stream.ReadAsync(one, timeout.Token) == 0)
                break;
            text.Append((char)one[0]);
        }
        return text.ToString();
    }
}
