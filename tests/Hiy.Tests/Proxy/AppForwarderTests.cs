using System.Collections.Concurrent;
using System.Net;
using System.Text;
using Hiy.Proxy;
using Hiy.Tests.Docker;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;

namespace Hiy.Tests.Proxy;

/// <summary>The forwarder over a one-lambda fake app (an HttpMessageHandler), so each failure is made exactly.</summary>
public class AppForwarderTests
{
    private readonly RecordingLogger _log = new();

    [Fact]
    public async Task ForwardAsync_ClientForwardingHeaders_ReplacedAndHostKept()
    {
        HttpRequestMessage? seen = null;
        using var forwarder = Forwarder((request, _) =>
        {
            seen = request;
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK));
        });
        var context = Context("GET", "/a%2Fb?q=1");
        context.Request.Headers["Forwarded"] = "for=6.6.6.6";
        context.Request.Headers["X-Real-IP"] = "6.6.6.6";
        context.Request.Headers["X-Forwarded-For"] = "6.6.6.6";
        context.Request.Headers["X-Forwarded-Port"] = "1";
        context.Request.Headers["Connection"] = "X-Secret";
        context.Request.Headers["X-Secret"] = "for this hop";

        Assert.Equal(200, await forwarder.ForwardAsync(context, "blog", 5000));

        Assert.NotNull(seen);
        Assert.Equal("http://127.0.0.1:5000/a%2Fb?q=1", seen.RequestUri!.OriginalString);
        Assert.Equal("blog.hiy.test", seen.Headers.Host);
        Assert.Equal("for=192.0.2.7;host=blog.hiy.test;proto=https", Single(seen, "Forwarded"));
        Assert.Equal("192.0.2.7", Single(seen, "X-Real-IP"));
        Assert.Equal("192.0.2.7", Single(seen, "X-Forwarded-For"));
        Assert.Equal("https", Single(seen, "X-Forwarded-Proto"));
        Assert.False(seen.Headers.Contains("X-Forwarded-Port"));
        Assert.False(seen.Headers.Contains("X-Secret"));
        Assert.Matches("^[0-9a-f]{32}$", Single(seen, "X-Request-Id"));
    }

    [Fact]
    public async Task ForwardAsync_ExpectContinue_ReachesApp()
    {
        bool? expect = null;
        using var forwarder = Forwarder(async (request, ct) =>
        {
            expect = request.Headers.ExpectContinue;
            await request.Content!.CopyToAsync(Stream.Null, ct);
            return new HttpResponseMessage(HttpStatusCode.OK);
        });
        var context = Context("POST", "/upload");
        context.Request.Headers.Expect = "100-continue";
        context.Request.ContentLength = 5;
        context.Request.Body = new MemoryStream("hello"u8.ToArray());
        Assert.Equal(200, await forwarder.ForwardAsync(context, "blog", 5000));
        Assert.True(expect);
    }

    [Fact]
    public async Task ForwardAsync_ClientBodyTooSlow_408WarningWithoutException()
    {
        using var forwarder = Forwarder(async (request, ct) =>
        {
            await request.Content!.CopyToAsync(Stream.Null, ct);
            return new HttpResponseMessage(HttpStatusCode.OK);
        });
        var context = Context("POST", "/upload");
        context.Request.ContentLength = 10_000;
        // What Kestrel throws when a body arrives below MinRequestBodyDataRate.
        context.Request.Body = new ThrowingStream(new BadHttpRequestException("Reading the request body timed out due to data arriving too slowly.", 408));

        Assert.Equal(0, await forwarder.ForwardAsync(context, "blog", 5000));

        Assert.Equal(408, context.Response.StatusCode);
        Assert.Contains("Request timeout", Body(context));
        var entry = Assert.Single(_log.Entries);
        Assert.Equal(LogLevel.Warning, entry.Level);
        Assert.Null(entry.Exception);
        Assert.Equal("app 'blog': client request rejected with 408 (RequestBodyClient): Reading the request body timed out due to data arriving too slowly.", entry.Message);
    }

    [Fact]
    public async Task ForwardAsync_AppRefuses_502UpstreamWarning()
    {
        using var forwarder = Forwarder((_, _) => throw new HttpRequestException("refused", new IOException("Connection refused")));
        var context = Context("GET", "/");
        Assert.Equal(0, await forwarder.ForwardAsync(context, "blog", 5000));
        Assert.Equal(502, context.Response.StatusCode);
        Assert.Contains("Bad gateway", Body(context));
        var entry = Assert.Single(_log.Entries);
        Assert.Equal(LogLevel.Warning, entry.Level);
        Assert.Equal("app 'blog': upstream 127.0.0.1:5000 failed (Request): Connection refused", entry.Message);
    }

    [Fact]
    public async Task ForwardAsync_AppSilentBeforeHeaders_504AfterActivityTimeout()
    {
        using var forwarder = Forwarder(async (_, ct) =>
        {
            await Task.Delay(Timeout.Infinite, ct);
            return new HttpResponseMessage(HttpStatusCode.OK);
        }, TimeSpan.FromMilliseconds(200));
        var context = Context("GET", "/");
        Assert.Equal(0, await forwarder.ForwardAsync(context, "blog", 5000).WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal(504, context.Response.StatusCode);
        Assert.Contains("Gateway timeout", Body(context));
        Assert.Contains(_log.Entries, e => e.Level == LogLevel.Warning && e.Message.Contains("made no progress for 0.2 s (RequestTimedOut)", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ForwardAsync_ResponseTrailersAndConnectionNamedHeader_TrailersCopiedHopHeaderDropped()
    {
        using var forwarder = Forwarder((_, _) =>
        {
            var response = new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent("hello") };
            response.Headers.TryAddWithoutValidation("Connection", "X-Hop");
            response.Headers.TryAddWithoutValidation("X-Hop", "this hop only");
            response.Headers.TryAddWithoutValidation("X-Kept", "yes");
            response.TrailingHeaders.TryAddWithoutValidation("X-Checksum", "abc123");
            return Task.FromResult(response);
        });
        var context = Context("GET", "/");
        var trailers = new TrailersFeature();
        context.Features.Set<IHttpResponseTrailersFeature>(trailers);

        Assert.Equal(200, await forwarder.ForwardAsync(context, "blog", 5000));

        Assert.Equal("hello", Body(context));
        Assert.Equal("yes", context.Response.Headers["X-Kept"].ToString());
        Assert.False(context.Response.Headers.ContainsKey("X-Hop"));
        Assert.Equal("abc123", trailers.Trailers["X-Checksum"].ToString());
    }

    private AppForwarder Forwarder(Func<HttpRequestMessage, CancellationToken, Task<HttpResponseMessage>> app, TimeSpan? activityTimeout = null) =>
        new(new ProxyOptions { ActivityTimeout = activityTimeout ?? TimeSpan.FromSeconds(10) }, _log, TimeProvider.System, new LambdaHandler(app));

    private static DefaultHttpContext Context(string method, string target)
    {
        var context = new DefaultHttpContext();
        var question = target.IndexOf('?', StringComparison.Ordinal);
        context.Request.Method = method;
        context.Request.Scheme = "https";
        context.Request.Host = new HostString("blog.hiy.test");
        context.Request.Path = PathString.FromUriComponent(question < 0 ? target : target[..question]);
        context.Request.QueryString = new QueryString(question < 0 ? "" : target[question..]);
        context.Features.Get<IHttpRequestFeature>()!.RawTarget = target;
        context.Connection.RemoteIpAddress = IPAddress.Parse("192.0.2.7");
        context.Response.Body = new MemoryStream();
        return context;
    }

    private static string Single(HttpRequestMessage request, string name) =>
        Assert.Single(request.Headers.NonValidated[name]);

    private static string Body(HttpContext context) => Encoding.UTF8.GetString(((MemoryStream)context.Response.Body).ToArray());

    private sealed class TrailersFeature : IHttpResponseTrailersFeature
    {
        public IHeaderDictionary Trailers { get; set; } = new HeaderDictionary();
    }

    private sealed class ThrowingStream(Exception exception) : Stream
    {
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => 0; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => throw exception;
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => ValueTask.FromException<int>(exception);
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    internal sealed class RecordingLogger : ILogger
    {
        public ConcurrentQueue<(LogLevel Level, string Message, Exception? Exception)> Entries { get; } = new();
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
        public bool IsEnabled(LogLevel logLevel) => true;
        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Entries.Enqueue((logLevel, formatter(state, exception), exception));
    }
}
