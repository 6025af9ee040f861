using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json.Serialization.Metadata;

namespace Hiy.Docker;

/// <summary>
/// A typed client of the Docker Engine API over its unix socket. One instance per process: it owns a
/// <see cref="SocketsHttpHandler"/> whose <c>ConnectCallback</c> dials the socket.
/// </summary>
public sealed partial class DockerClient : IDisposable
{
    /// <summary>Docker 20.10 (Debian bookworm's docker.io) serves 1.41; newer engines still accept it.</summary>
    public const string ApiVersion = "v1.41";

    private readonly HttpClient _http;

    public DockerClient(DockerEndpoint endpoint, HttpMessageHandler? handler = null)
    {
        Endpoint = endpoint;
        _http = new HttpClient(handler ?? CreateHandler(endpoint), disposeHandler: true)
        {
            BaseAddress = endpoint.BaseAddress,
            Timeout = Timeout.InfiniteTimeSpan,
        };
    }

    public DockerEndpoint Endpoint { get; }

    internal HttpClient Http => _http;

    public static SocketsHttpHandler CreateHandler(DockerEndpoint endpoint) => new()
    {
        ConnectTimeout = TimeSpan.FromSeconds(5),
        PooledConnectionIdleTimeout = TimeSpan.FromSeconds(30),
        ConnectCallback = async (_, ct) =>
        {
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

    /// <summary>GET /_ping: returns when the engine answers OK, throws a <see cref="DockerApiException"/> otherwise.</summary>
    public async Task PingAsync(CancellationToken ct = default)
    {
        using var response = await SendAsync(new HttpRequestMessage(HttpMethod.Get, "/_ping"), "ping", ct).ConfigureAwait(false);
        await EnsureSuccessAsync(response, "ping", ct).ConfigureAwait(false);
    }

    /// <summary>Sends a request, turning connection failures into a <see cref="DockerApiException"/> naming the socket.</summary>
    internal async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, string subject, CancellationToken ct,
        HttpCompletionOption completion = HttpCompletionOption.ResponseContentRead)
    {
        try
        {
            return await _http.SendAsync(request, completion, ct).ConfigureAwait(false);
        }
        catch (HttpRequestException e)
        {
            var why = e.InnerException is SocketException se ? se.Message : e.Message;
            throw new DockerApiException($"{subject}: cannot reach Docker at {Endpoint.Description}: {why}", null, e);
        }
    }

    /// <summary>Sends a request and throws unless Docker answered with a success (or one of <paramref name="alsoOk"/>).</summary>
    internal async Task SendExpectingSuccessAsync(HttpRequestMessage request, string subject, CancellationToken ct,
        HttpStatusCode? alsoOk = null)
    {
        using var _ = request;
        using var response = await SendAsync(request, subject, ct).ConfigureAwait(false);
        if (alsoOk is { } ok && response.StatusCode == ok)
            return;
        await EnsureSuccessAsync(response, subject, ct).ConfigureAwait(false);
    }

    /// <summary>Sends a request and reads a JSON answer through the source-generated <paramref name="typeInfo"/>.</summary>
    internal async Task<T> SendForJsonAsync<T>(HttpRequestMessage request, JsonTypeInfo<T> typeInfo, string subject, CancellationToken ct)
    {
        using var _ = request;
        using var response = await SendAsync(request, subject, ct).ConfigureAwait(false);
        await EnsureSuccessAsync(response, subject, ct).ConfigureAwait(false);
        var body = await response.Content.ReadAsByteArrayAsync(ct).ConfigureAwait(false);
        return DockerJson.Parse(body, typeInfo, subject);
    }

    internal Task<T> GetJsonAsync<T>(string path, JsonTypeInfo<T> typeInfo, string subject, CancellationToken ct) =>
        SendForJsonAsync(new HttpRequestMessage(HttpMethod.Get, path), typeInfo, subject, ct);

    /// <summary>A request whose body is <paramref name="body"/> serialized through <paramref name="typeInfo"/>.</summary>
    internal static HttpRequestMessage JsonRequest<T>(HttpMethod method, string path, T body, JsonTypeInfo<T> typeInfo) =>
        new(method, path) { Content = JsonContent.Create(body, typeInfo) };

    /// <summary>
    /// Sends a request whose answer is a long-lived stream (logs, events, stats, build output) and returns the
    /// response once the headers are in; the caller disposes it.
    /// </summary>
    internal async Task<HttpResponseMessage> OpenStreamAsync(HttpRequestMessage request, string subject, CancellationToken ct)
    {
        var response = await SendAsync(request, subject, ct, HttpCompletionOption.ResponseHeadersRead).ConfigureAwait(false);
        try
        {
            await EnsureSuccessAsync(response, subject, ct).ConfigureAwait(false);
            return response;
        }
        catch
        {
            response.Dispose();
            throw;
        }
    }

    /// <summary>Throws with Docker's own error message when the status is not a success.</summary>
    internal static async Task EnsureSuccessAsync(HttpResponseMessage response, string subject, CancellationToken ct)
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
        throw new DockerApiException($"{subject}: {message} (HTTP {(int)response.StatusCode})", response.StatusCode)
        {
            DockerMessage = message,
        };
    }

    public void Dispose() => _http.Dispose();
}
