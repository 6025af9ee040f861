using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Hiy.Tests.Acme.Dns;

/// <summary>
/// A DNS server on 127.0.0.1 (UDP, and TCP on the same port) answering each question with what the script
/// returns, hand-encoded (RFC 1035 §4.1). Only for what pebble-challtestsrv cannot do: NS records, answers
/// for another name, truncation, SERVFAIL. A null reply means "stay silent".
/// </summary>
internal sealed class FakeDnsServer : IDisposable
{
    private readonly UdpClient _udp;
    private readonly TcpListener _tcp;
    private readonly CancellationTokenSource _stop = new();
    private readonly Func<FakeDnsQuestion, FakeDnsReply?> _script;
    private int _udpQueries;
    private int _tcpQueries;

    public FakeDnsServer(Func<FakeDnsQuestion, FakeDnsReply?> script)
    {
        _script = script;
        // The same port for both transports, as a real server has: retry until a free UDP port is free for TCP too.
        for (var attempt = 0; ; attempt++)
        {
            var udp = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
            var port = ((IPEndPoint)udp.Client.LocalEndPoint!).Port;
            try
            {
                var tcp = new TcpListener(IPAddress.Loopback, port);
                tcp.Start();
                (_udp, _tcp) = (udp, tcp);
                break;
            }
            catch (SocketException) when (attempt < 20)
            {
                udp.Dispose();
            }
        }
        EndPoint = (IPEndPoint)_udp.Client.LocalEndPoint!;
        _ = Task.Run(ServeUdpAsync);
        _ = Task.Run(ServeTcpAsync);
    }

    public IPEndPoint EndPoint { get; }

    public int UdpQueries => Volatile.Read(ref _udpQueries);

    public int TcpQueries => Volatile.Read(ref _tcpQueries);

    public void Dispose()
    {
        _stop.Cancel();
        _udp.Dispose();
        _tcp.Stop();
    }

    private async Task ServeUdpAsync()
    {
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                var received = await _udp.ReceiveAsync(_stop.Token);
                Interlocked.Increment(ref _udpQueries);
                if (Answer(received.Buffer, tcp: false) is { } response)
                    await _udp.SendAsync(response, received.RemoteEndPoint, _stop.Token);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
        {
            // Disposed: the test is over.
        }
    }

    // RFC 1035 §4.2.2: over TCP each message is preceded by its two-byte length.
    private async Task ServeTcpAsync()
    {
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                using var client = await _tcp.AcceptTcpClientAsync(_stop.Token);
                var stream = client.GetStream();
                var length = new byte[2];
                await stream.ReadExactlyAsync(length, _stop.Token);
                var query = new byte[BinaryPrimitives.ReadUInt16BigEndian(length)];
                await stream.ReadExactlyAsync(query, _stop.Token);
                Interlocked.Increment(ref _tcpQueries);
                if (Answer(query, tcp: true) is not { } response)
                    continue;
                var framed = new byte[2 + response.Length];
                BinaryPrimitives.WriteUInt16BigEndian(framed, (ushort)response.Length);
                response.CopyTo(framed, 2);
                await stream.WriteAsync(framed, _stop.Token);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException or IOException)
        {
            // Stopped, or the client went away.
        }
    }

    private byte[]? Answer(byte[] query, bool tcp)
    {
        var offset = 12;
        var labels = new List<string>();
        while (query[offset] != 0)
        {
            labels.Add(Encoding.ASCII.GetString(query, offset + 1, query[offset]));
            offset += 1 + query[offset];
        }
        var questionEnd = offset + 5;
        var type = BinaryPrimitives.ReadUInt16BigEndian(query.AsSpan(offset + 1));
        if (_script(new FakeDnsQuestion(string.Join('.', labels), type, tcp)) is not { } reply)
            return null;

        var message = new List<byte>(query[..2]); // the query's ID
        var flags = 0x8180 | (reply.Truncated ? 0x0200 : 0) | reply.ResponseCode; // QR, RD, RA (+ TC) + RCODE
        message.AddRange([(byte)(flags >> 8), (byte)flags, 0, 1, 0, (byte)reply.Answers.Count, 0, 0, 0, 0]);
        message.AddRange(query[12..questionEnd]);
        foreach (var record in reply.Answers)
        {
            message.AddRange(EncodeName(record.Owner));
            message.AddRange([(byte)(record.Type >> 8), (byte)record.Type, 0, 1, 0, 0, 0, 60]);
            message.AddRange([(byte)(record.Data.Length >> 8), (byte)record.Data.Length]);
            message.AddRange(record.Data);
        }
        return message.ToArray();
    }

    public static byte[] EncodeName(string name)
    {
        var bytes = new List<byte>();
        foreach (var label in name.TrimEnd('.').Split('.'))
        {
            bytes.Add((byte)label.Length);
            bytes.AddRange(Encoding.ASCII.GetBytes(label));
        }
        bytes.Add(0);
        return bytes.ToArray();
    }
}

internal sealed record FakeDnsQuestion(string Name, ushort Type, bool OverTcp);

internal sealed record FakeDnsReply(IReadOnlyList<FakeDnsRecord> Answers, bool Truncated = false, int ResponseCode = 0)
{
    public static readonly FakeDnsReply Empty = new([]);
}

/// <summary>One answer record; the helpers build the RDATA of the types the tests need.</summary>
internal sealed record FakeDnsRecord(string Owner, ushort Type, byte[] Data)
{
    public const ushort A = 1, Ns = 2, Cname = 5, Txt = 16, Aaaa = 28;

    public static FakeDnsRecord TxtOf(string owner, string value) =>
        new(owner, Txt, [(byte)value.Length, .. Encoding.ASCII.GetBytes(value)]);

    public static FakeDnsRecord NsOf(string owner, string host) => new(owner, Ns, FakeDnsServer.EncodeName(host));

    public static FakeDnsRecord CnameOf(string owner, string target) => new(owner, Cname, FakeDnsServer.EncodeName(target));

    public static FakeDnsRecord AddressOf(string owner, string address)
    {
        var ip = IPAddress.Parse(address);
        return new(owner, ip.AddressFamily == AddressFamily.InterNetwork ? A : Aaaa, ip.GetAddressBytes());
    }
}
