using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json.Serialization.Metadata;
using Hiy.Docker.Streams;

namespace Hiy.Docker;

/// <summary>
/// A typed client of the Docker Engine API over its unix socket. One instance per process: it owns a
/// <see cref="SocketsHttpHandler"/> whose <c>ConnectCallback</c> dials the socket, and the API version it negotiated.
/// Every call has a deadline fitting its class (<see cref="DockerClientOptions"/>); a call that misses it throws a
/// <see cref="DockerApiException"/> naming the call, while the caller's own cancel stays an
/// <see cref="OperationCanceledException"/>.
/// </summary>
public sealed partial class DockerClient : IDisposable
{
    private readonly HttpClient _http;
    private readonly DockerClientOptions _options;

    public DockerClient(DockerEndpoint endpoint, HttpMessageHandler? handler = null, DockerClientOptions? options = null)
    {
        Endpoint = endpoint;
        _options = options ?? new DockerClientOptions();
        _http = new HttpClient(handler ?? CreateHandler(endpoint), disposeHandler: true)
        {
            BaseAddress = endpoint.BaseAddress,
            // Deadlines are per call class instead: one HttpClient.Timeout would cut streams off too, and it ends in
            // a bare TaskCanceledException that names nothing.
            Timeout = Timeout.InfiniteTimeSpan,
        };
    }

    public DockerEndpoint Endpoint { get; }

    public DockerClientOptions Options => _options;

    internal HttpClient Http => _http;

    public static SocketsHttpHandler CreateHandler(DockerEndpoint endpoint) => new()
    {
        ConnectTimeout = TimeSpan.FromSeconds(5),
        PooledConnectionIdleTimeout = TimeSpan.FromSeconds(30),
        ConnectCallback = async (_, ct) =>
        {
            // A missing socket file (dockerd not started yet, or a wrong docker_host) is said plainly and thrown from
            // here: the failed ConnectAsync would say "Cannot assign requested address", and the exception it builds
            // renders its stack trace to text at once, which in the native binary first loads and sorts the whole
            // method-name table (~25 ms of CPU and resident memory, paid at a start without dockerd).
            if (endpoint.SocketPath is { } path && !File.Exists(path))
                throw new SocketException((int)SocketError.AddressNotAvailable, $"no socket file at {path} (is dockerd running?)");
            var ep = endpoint.CreateEndPoint();
            var socket = ep is UnixDomainSocketEndPoint
                ? new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified)
                : new Socket(SocketType.Stream, ProtocolType.Tcp);
            try
            {
                await socket.ConnectAsync(ep, ct).ConfigureAwait(false);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        },
    };

    /// <summary>No deadline: the call ends when Docker answers or the caller cancels.</summary>
    private static readonly TimeSpan NoDeadline = Timeout.InfiniteTimeSpan;

    /// <summary>
    /// Sends a request, prefixing the negotiated API version unless it is marked unversioned, and turns connection
    /// failures into a <see cref="DockerApiException"/> naming the socket. A failed connection may mean dockerd is
    /// restarting, perhaps as another version, so the version is negotiated again on the next call.
    /// </summary>
    internal async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, string subject, CancellationToken ct,
        HttpCompletionOption completion = HttpCompletionOption.ResponseContentRead)
    {
        if (IsVersioned(request))
        {
            var version = await ApiVersionAsync(ct).ConfigureAwait(false);
            request.RequestUri = new Uri(DockerApiVersions.Prefix(version) + request.RequestUri!.OriginalString, UriKind.Relative);
        }
        try
        {
            return await _http.SendAsync(request, completion, ct).ConfigureAwait(false);
        }
        catch (HttpRequestException e)
        {
            ForgetApiVersion();
            var why = e.InnerException is SocketException se ? se.Message : e.Message;
            throw new DockerApiException($"{subject}: cannot reach Docker at {Endpoint.Description}: {why}", null, e);
        }
    }

    /// <summary>
    /// Runs <paramref name="call"/> under a deadline of <paramref name="timeout"/> joined to <paramref name="ct"/>; a
    /// missed deadline becomes a <see cref="DockerApiException"/> naming the request's method and (unversioned) path.
    /// </summary>
    internal async Task<T> WithDeadlineAsync<T>(HttpRequestMessage request, string subject, TimeSpan timeout, CancellationToken ct,
        Func<CancellationToken, Task<T>> call)
    {
        var method = request.Method;
        var path = PathOf(request);
        // Negotiated first, under its own deadline: a silent engine is then reported as the ping that went unanswered.
        if (IsVersioned(request))
            await ApiVersionAsync(ct).ConfigureAwait(false);
        using var deadline = new DockerDeadline(timeout, _options.TimeProvider, ct);
        try
        {
            return await call(deadline.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException e) when (deadline.Expired)
        {
            throw deadline.Failure(subject, method, path, e);
        }
    }

    /// <summary>Sends a request and throws unless Docker answered with a success (or one of <paramref name="alsoOk"/>).</summary>
    internal Task SendExpectingSuccessAsync(HttpRequestMessage request, string subject, CancellationToken ct,
        HttpStatusCode? alsoOk = null, TimeSpan? timeout = null) =>
        WithDeadlineAsync(request, subject, timeout ?? _options.RequestTimeout, ct, async token =>
        {
            using var _ = request;
            using var response = await SendAsync(request, subject, token).ConfigureAwait(false);
            if (alsoOk is not { } ok || response.StatusCode != ok)
                await EnsureSuccessAsync(response, subject, token).ConfigureAwait(false);
            return true;
        });

    /// <summary>Sends a request and reads a JSON answer through the source-generated <paramref name="typeInfo"/>.</summary>
    internal Task<T> SendForJsonAsync<T>(HttpRequestMessage request, JsonTypeInfo<T> typeInfo, string subject, CancellationToken ct,
        TimeSpan? timeout = null) =>
        WithDeadlineAsync(request, subject, timeout ?? _options.RequestTimeout, ct, async token =>
        {
            using var _ = request;
            using var response = await SendAsync(request, subject, token).ConfigureAwait(false);
            await EnsureSuccessAsync(response, subject, token).ConfigureAwait(false);
            var body = await response.Content.ReadAsByteArrayAsync(token).ConfigureAwait(false);
            return DockerJson.Parse(body, typeInfo, subject);
        });

    internal Task<T> GetJsonAsync<T>(string path, JsonTypeInfo<T> typeInfo, string subject, CancellationToken ct, TimeSpan? timeout = null) =>
        SendForJsonAsync(new HttpRequestMessage(HttpMethod.Get, path), typeInfo, subject, ct, timeout);

    /// <summary>A request whose body is <paramref name="body"/> serialized through <paramref name="typeInfo"/>.</summary>
    internal static HttpRequestMessage JsonRequest<T>(HttpMethod method, string path, T body, JsonTypeInfo<T> typeInfo) =>
        new(method, path) { Content = JsonContent.Create(body, typeInfo) };

    /// <summary>
    /// Sends a request whose answer is a long-lived stream (logs, events, stats, build output) and returns the
    /// response once the headers are in; the caller disposes it. The stream itself has no deadline; only the wait
    /// for its headers is bounded, by <paramref name="headersWithin"/> when given: Docker sends them at once for
    /// events and logs, but only after the whole upload for a build or a load.
    /// </summary>
    internal Task<HttpResponseMessage> OpenStreamAsync(HttpRequestMessage request, string subject, CancellationToken ct,
        TimeSpan? headersWithin = null) =>
        WithDeadlineAsync(request, subject, headersWithin ?? NoDeadline, ct, async token =>
        {
            var response = await SendAsync(request, subject, token, HttpCompletionOption.ResponseHeadersRead).ConfigureAwait(false);
            try
            {
                await EnsureSuccessAsync(response, subject, token).ConfigureAwait(false);
                return response;
            }
            catch
            {
                response.Dispose();
                throw;
            }
        });

    /// <summary>The body of a streamed answer, each read bounded by <paramref name="idle"/> when given.</summary>
    internal async Task<Stream> ReadBodyAsync(HttpResponseMessage response, string subject, TimeSpan? idle, CancellationToken ct)
    {
        var stream = await response.Content.ReadAsStreamAsync(ct).ConfigureAwait(false);
        return new DockerBodyStream(stream, subject, idle, _options.TimeProvider, ForgetApiVersion);
    }

    /// <summary>
    /// Throws with Docker's own message when the status is not a success. A refusal of the version itself ("client
    /// version 1.45 is too new", after dockerd was replaced by an older one under hiy) makes the next call negotiate again.
    /// </summary>
    internal async Task EnsureSuccessAsync(HttpResponseMessage response, string subject, CancellationToken ct)
    {
        if (response.IsSuccessStatusCode)
            return;
        string body;
        try
        {
            body = await response.Content.ReadAsStringAsync(ct).ConfigureAwait(false);
        }
        catch (Exception e) when (e is HttpRequestException or IOException)
        {
            body = "";
        }
        var message = DockerErrorMessage.Extract(body);
        if (response.StatusCode == HttpStatusCode.BadRequest && message.Contains("client version", StringComparison.OrdinalIgnoreCase)
            && (message.Contains("too new", StringComparison.Ordinal) || message.Contains("too old", StringComparison.Ordinal)))
            ForgetApiVersion();
        throw new DockerApiException($"{subject}: {message} (HTTP {(int)response.StatusCode})", response.StatusCode)
        {
            DockerMessage = message,
        };
    }

    private static bool IsVersioned(HttpRequestMessage request) => !request.Options.TryGetValue(Unversioned, out var unversioned) || !unversioned;

    /// <summary>The path without the version prefix or query: what a timeout message names.</summary>
    private static string PathOf(HttpRequestMessage request)
    {
        var path = request.RequestUri?.OriginalString ?? "";
        var q = path.IndexOf('?');
        return q < 0 ? path : path[..q];
    }

    public void Dispose() => _http.Dispose();
}
