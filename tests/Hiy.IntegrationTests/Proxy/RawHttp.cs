using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Hiy.Tests.Proxy;

/// <summary>Sends a request byte for byte (HttpClient would normalise "/../" and encodings away).</summary>
internal static class RawHttp
{
    public static Task<(int Status, string Response)> SendAsync(int port, string host, string target, string extraHeaders = "") =>
        SendRawAsync(port, $"GET {target} HTTP/1.1\r\nHost: {host}\r\n{extraHeaders}Connection: close\r\n\r\n");

    /// <summary>Sends <paramref name="request"/> as it is (it should ask for Connection: close) and reads the whole answer.</summary>
    public static async Task<(int Status, string Response)> SendRawAsync(int port, string request)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, port);
        var stream = client.GetStream();
        await stream.WriteAsync(Encoding.Latin1.GetBytes(request));
        using var reader = new StreamReader(stream, Encoding.Latin1);
        var text = await reader.ReadToEndAsync().WaitAsync(TimeSpan.FromSeconds(10));
        var status = int.Parse(text.Split(' ', 3)[1], System.Globalization.CultureInfo.InvariantCulture);
        return (status, text);
    }
}
