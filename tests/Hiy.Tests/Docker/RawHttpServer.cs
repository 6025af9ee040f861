using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Hiy.Tests.Docker;

/// <summary>
/// A one-connection HTTP server on 127.0.0.1 that answers with exactly the bytes a test scripts (headers, chunks,
/// then a hard close), to show how the client meets a response cut short on the wire.
/// </summary>
internal sealed class RawHttpServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly Task _serving;

    public RawHttpServer(Func<Stream, Task> respond)
    {
        _listener.Start();
        _serving = ServeAsync(respond);
    }

    public string DockerHost => $"tcp://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}";

    public static byte[] Chunk(byte[] data) =>
        [.. Encoding.ASCII.GetBytes($"{data.Length:x}\r\n"), .. data, .. "\r\n"u8];

    public static byte[] Headers(string contentType) =>
        Encoding.ASCII.GetBytes($"HTTP/1.1 200 OK\r\nContent-Type: {contentType}\r\nTransfer-Encoding: chunked\r\n\r\n");

    private async Task ServeAsync(Func<Stream, Task> respond)
    {
        using var client = await _listener.AcceptTcpClientAsync().ConfigureAwait(false);
        var stream = client.GetStream();
        var seen = new List<byte>();
        var buffer = new byte[1];
        while (!EndsWithBlankLine(seen) && await stream.ReadAsync(buffer).ConfigureAwait(false) == 1)
            seen.Add(buffer[0]);
        await respond(stream).ConfigureAwait(false);
        await stream.FlushAsync().ConfigureAwait(false);
    }

    private static bool EndsWithBlankLine(List<byte> b) =>
        b.Count >= 4 && b[^4] == '\r' && b[^3] == '\n' && b[^2] == '\r' && b[^1] == '\n';

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        try
        {
            await _serving.ConfigureAwait(false);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException or IOException)
        {
        }
    }
}
