using System.Net.Sockets;

namespace Hiy.Tests.Docker;

/// <summary>
/// A unix-socket relay in front of the test dockerd. <see cref="Break"/> drops every connection and stops
/// listening, as a dockerd restart does to its clients, without restarting the dockerd other tests share;
/// <see cref="Resume"/> listens again.
/// </summary>
internal sealed class SocketRelay : IDisposable
{
    private readonly string _target;
    private readonly List<Socket> _open = [];
    private readonly Lock _gate = new();
    private Socket? _listener;

    public SocketRelay(string path, string targetSocket)
    {
        Path = path;
        _target = targetSocket;
        Resume();
    }

    public string Path { get; }

    public string DockerHost => "unix://" + Path;

    public void Resume()
    {
        File.Delete(Path);
        var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        listener.Bind(new UnixDomainSocketEndPoint(Path));
        listener.Listen(16);
        _listener = listener;
        _ = AcceptLoopAsync(listener);
    }

    public void Break()
    {
        lock (_gate)
        {
            _listener?.Dispose();
            _listener = null;
            foreach (var s in _open)
                s.Dispose();
            _open.Clear();
        }
        File.Delete(Path);
    }

    private async Task AcceptLoopAsync(Socket listener)
    {
        while (true)
        {
            Socket client;
            try
            {
                client = await listener.AcceptAsync();
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException)
            {
                return;
            }
            var upstream = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            await upstream.ConnectAsync(new UnixDomainSocketEndPoint(_target));
            lock (_gate)
            {
                _open.Add(client);
                _open.Add(upstream);
            }
            _ = PumpAsync(client, upstream);
            _ = PumpAsync(upstream, client);
        }
    }

    private static async Task PumpAsync(Socket from, Socket to)
    {
        var buffer = new byte[16 * 1024];
        try
        {
            int n;
            while ((n = await from.ReceiveAsync(buffer)) > 0)
                await to.SendAsync(buffer.AsMemory(0, n));
            to.Shutdown(SocketShutdown.Send);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            // Broken on purpose.
        }
    }

    public void Dispose() => Break();
}
