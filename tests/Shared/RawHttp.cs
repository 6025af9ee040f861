using System.Net.Sockets;
using System.Text;

namespace Hiy.Tests;

/// <summary>
/// Sends bytes an HttpClient would never send (bad chunking, a lying Content-Length, odd Host forms) over one TCP
/// connection to 127.0.0.1 and reads what comes back until the server closes or <paramref name="timeout"/> passes.
/// </summary>
public static class RawHttp
{
    public sealed record Reply(int Status, string Head, string Body, bool TimedOut)
    {
        public override string ToString() => TimedOut && Status == 0 ? "(no answer: timed out)" : $"{Status} {Body[..Math.Min(Body.Length, 200)]}";
    }

    public static async Task<Reply> SendAsync(int port, byte[] request, TimeSpan? timeout = null, byte[]? thenAfterDelay = null,
        TimeSpan? delay = null)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(System.Net.IPAddress.Loopback, port);
        var stream = client.GetStream();
        await stream.WriteAsync(request);
        if (thenAfterDelay is not null)
        {
            await Task.Delay(delay ?? TimeSpan.FromSeconds(1));
            await stream.WriteAsync(thenAfterDelay);
        }
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(20));
        var received = new MemoryStream();
        var buffer = new byte[16384];
        var timedOut = false;
        try
        {
            while (true)
            {
                var n = await stream.ReadAsync(buffer, cts.Token);
                if (n == 0)
                    break;
                received.Write(buffer, 0, n);
                if (HasCompleteResponse(received))
                    break;
            }
        }
        catch (OperationCanceledException)
        {
            timedOut = true;
        }
        catch (IOException)
        {
            // a reset after the answer: keep what came
        }
        var text = Encoding.UTF8.GetString(received.ToArray());
        var split = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        var head = split < 0 ? text : text[..split];
        var body = split < 0 ? "" : text[(split + 4)..];
        var status = head.StartsWith("HTTP/1.1 ", StringComparison.Ordinal) && head.Length >= 12 && int.TryParse(head.AsSpan(9, 3), out var s) ? s : 0;
        return new Reply(status, head, body, timedOut);
    }

    public static Task<Reply> SendAsync(int port, string request, TimeSpan? timeout = null) =>
        SendAsync(port, Encoding.UTF8.GetBytes(request), timeout);

    /// <summary>A head and a Content-Length body fully read (enough for hiy's small problem answers).</summary>
    private static bool HasCompleteResponse(MemoryStream received)
    {
        var text = Encoding.UTF8.GetString(received.GetBuffer(), 0, (int)received.Length);
        var split = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        if (split < 0)
            return false;
        foreach (var line in text[..split].Split("\r\n"))
        {
            if (line.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase)
                && int.TryParse(line.AsSpan(15).Trim(), out var length))
                return Encoding.UTF8.GetByteCount(text[(split + 4)..]) >= length;
        }
        return false;
    }
}
