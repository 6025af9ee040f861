using System.Net;
using Hiy.Proxy;

namespace Hiy.Tests.Proxy;

/// <summary>
/// Requests that fail because of the client, not the app, through a proxy with a 1 KB upload limit:
/// the client gets the 4xx it earned and the log says whose fault it was, without a stack trace.
/// </summary>
[Collection("proxy")]
public sealed class ProxyClientErrorTests(ProxyFixture fixture) : IAsyncLifetime
{
    private readonly ListLogger _log = new();
    private ProxyTestHost _host = null!;

    public async Task InitializeAsync()
    {
        var options = new ProxyOptions { Bind = "127.0.0.1", HttpPort = 0, HttpsPort = 0, MaxAppRequestBodySize = 1024 };
        var module = new ProxyModule(options, ProxyFixture.Domain, FallbackCertificate.Create(TimeProvider.System), _log, TimeProvider.System);
        module.UpdateRoutes(new RouteInputs(ProxyFixture.Domain, [new AppInput("blog", fixture.BackendPort)], []));
        _host = await ProxyTestHost.StartAsync(module);
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task MalformedChunking_400_LoggedAsClientFault()
    {
        var (status, _) = await RawHttp.SendRawAsync(_host.HttpPort,
            "POST /upload HTTP/1.1\r\nHost: blog.hiy.test\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\nzz\r\nhello\r\n0\r\n\r\n");
        Assert.Equal(400, status);
        AssertClientFault(400);
    }

    [Fact]
    public async Task BodyOverLimit_ContentLength_413_LoggedAsClientFault()
    {
        using var client = _host.Client();
        using var response = await client.PostAsync("http://blog.hiy.test/upload", new ByteArrayContent(new byte[4096]));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Contains("Request too large", await response.Content.ReadAsStringAsync());
        AssertClientFault(413);
    }

    [Fact]
    public async Task BodyOverLimit_Chunked_413_LoggedAsClientFault()
    {
        var chunk = new string('a', 512);
        var body = string.Concat(Enumerable.Repeat($"200\r\n{chunk}\r\n", 4)) + "0\r\n\r\n";
        var (status, _) = await RawHttp.SendRawAsync(_host.HttpPort,
            $"POST /upload HTTP/1.1\r\nHost: blog.hiy.test\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n{body}");
        Assert.Equal(413, status);
        AssertClientFault(413);
    }

    [Fact]
    public async Task BodyUnderLimit_Forwarded()
    {
        using var client = _host.Client();
        using var response = await client.PostAsync("http://blog.hiy.test/upload", new ByteArrayContent(new byte[1000]));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("1000", await response.Content.ReadAsStringAsync());
    }

    private void AssertClientFault(int status)
    {
        var line = Assert.Single(_log.Lines, l => l.Contains($"client request rejected with {status}", StringComparison.Ordinal));
        Assert.StartsWith("Warning: app 'blog': ", line, StringComparison.Ordinal);
        Assert.DoesNotContain("\n", line);
        Assert.DoesNotContain(_log.Lines, l => l.Contains("upstream", StringComparison.OrdinalIgnoreCase) && l.Contains("failed", StringComparison.Ordinal));
        _log.Lines.Clear();
    }
}
