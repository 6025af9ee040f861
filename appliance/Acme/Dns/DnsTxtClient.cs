using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;

namespace Hiy.Acme.Dns;

/// <summary>
/// Asks one DNS server for the TXT records of a name over UDP (RFC 1035 §4.2.1). No TCP fallback:
/// ACME challenge records are tiny, so a truncated answer is reported as such.
/// </summary>
public sealed class DnsTxtClient(TimeProvider? time = null, TimeSpan? queryTimeout = null)
{
    private readonly TimeProvider _time = time ?? TimeProvider.System;

    public TimeSpan QueryTimeout { get; } = queryTimeout ?? TimeSpan.FromSeconds(3);

    /// <summary>The TXT values of <paramref name="name"/>; empty when the name or the records do not exist.</summary>
    public async Task<IReadOnlyList<string>> QueryTxtAsync(IPEndPoint server, string name, CancellationToken ct = default)
    {
        var subject = $"dns: TXT {name} @{server}";
        var id = (ushort)RandomNumberGenerator.GetInt32(ushort.MaxValue + 1);
        var query = DnsMessage.BuildQuery(id, name);
        using var timeout = new CancellationTokenSource(QueryTimeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, timeout.Token);
        using var socket = new Socket(server.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        var buffer = new byte[4096];
        try
        {
            await socket.ConnectAsync(server, linked.Token).ConfigureAwait(false);
            await socket.SendAsync(query, SocketFlags.None, linked.Token).ConfigureAwait(false);
            while (true)
            {
                var n = await socket.ReceiveAsync(buffer, SocketFlags.None, linked.Token).ConfigureAwait(false);
                var response = DnsMessage.Parse(buffer.AsSpan(0, n));
                if (response.Id != id || !response.IsResponse)
                    continue; // a stray or spoofed datagram: keep waiting for ours
                return response.ResponseCode switch
                {
                    DnsResponseCode.NoError when response.Truncated =>
                        throw new AcmeException($"{subject}: answer truncated (TCP fallback is not implemented)"),
                    DnsResponseCode.NoError => response.TxtValues,
                    DnsResponseCode.NameError => [],
                    var rcode => throw new AcmeException($"{subject}: server answered {rcode}"),
                };
            }
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !ct.IsCancellationRequested)
        {
            throw new AcmeException($"{subject}: no answer within {QueryTimeout.TotalSeconds:0.#} s");
        }
        catch (SocketException e)
        {
            throw new AcmeException($"{subject}: {e.Message}", inner: e);
        }
        catch (FormatException e)
        {
            throw new AcmeException($"{subject}: malformed answer: {e.Message}", inner: e);
        }
    }

    /// <summary>"1.1.1.1", "127.0.0.1:8053" or "[::1]:53" → endpoint; port 53 when none is given.</summary>
    public static IPEndPoint ParseServer(string server)
    {
        if (IPAddress.TryParse(server, out var bare))
            return new IPEndPoint(bare, 53);
        if (IPEndPoint.TryParse(server, out var ep))
            return ep;
        throw new FormatException($"dns: '{server}' is not an IP address or IP:port");
    }
}
