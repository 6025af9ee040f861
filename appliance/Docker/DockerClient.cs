using System.Net;
using System.Net.Sockets;

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

    /// <summary>GET /_ping: true when the engine answers OK.</summary>
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

    /// <summary>Throws with Docker's own error message when the status is not a success.</summary>
    internal static async Task EnsureSuccessAsync(HttpResponseMessage response, string subject, CancellationToken ct)
    {
        if (response.IsSuccessStatusCode)
            return;
        var body = await response.Content.ReadAsStringAsync(ct).ConfigureAwait(false);
        throw new DockerApiException($"{subject}: {DockerErrorMessage.Extract(body)} (HTTP {(int)response.StatusCode})", response.StatusCode);
    }

    public void Dispose() => _http.Dispose();
}
