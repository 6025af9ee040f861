using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;

namespace Hiy.Acme.Dns;

/// <summary>
/// Asks one DNS server about a name over UDP (RFC 1035 §4.2.1): TXT values for the propagation check,
/// NS and A/AAAA to find a zone's authoritative servers. No TCP fallback: ACME challenge records are
/// tiny, so a truncated answer is reported as such.
/// </summary>
public sealed class DnsTxtClient(TimeProvider? time = null, TimeSpan? queryTimeout = null)
{
    private readonly TimeProvider _time = time ?? TimeProvider.System;

    public TimeSpan QueryTimeout { get; } = queryTimeout ?? TimeSpan.FromSeconds(3);

    /// <summary>The TXT values of <paramref name="name"/>; empty when the name or the records do not exist.</summary>
    public async Task<IReadOnlyList<string>> QueryTxtAsync(IPEndPoint server, string name, CancellationToken ct = default) =>
        (await QueryAsync(server, name, DnsMessage.TypeTxt, ct).ConfigureAwait(false)).TxtValues;

    /// <summary>One question of any type; NXDOMAIN is an empty answer, other failures an <see cref="AcmeException"/>.</summary>
    public async Task<DnsResponse> QueryAsync(IPEndPoint server, string name, ushort type, CancellationToken ct = default)
    {
        var subject = $"dns: {TypeName(type)} {name} @{server}";
        var id = (ushort)RandomNumberGenerator.GetInt32(ushort.MaxValue + 1);
        var query = DnsMessage.BuildQuery(id, name, type);
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
                    DnsResponseCode.NoError => response,
                    DnsResponseCode.NameError => response with { Answers = [] },
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

    /// <summary>
    /// The zone's authoritative servers (NS, then each server's A/AAAA through the same resolver), so the
    /// propagation check can ask the source rather than a cache.
    /// </summary>
    public async Task<IReadOnlyList<IPEndPoint>> FindAuthoritativeServersAsync(IPEndPoint resolver, string zone, CancellationToken ct = default)
    {
        var ns = await QueryAsync(resolver, zone, DnsMessage.TypeNs, ct).ConfigureAwait(false);
        var result = new List<IPEndPoint>();
        foreach (var host in ns.Answers.Where(a => a.Type == DnsMessage.TypeNs && a.Target is not null).Select(a => a.Target!).Distinct(StringComparer.OrdinalIgnoreCase))
        {
            foreach (var type in new[] { DnsMessage.TypeA, DnsMessage.TypeAaaa })
            {
                var addresses = await QueryAsync(resolver, host, type, ct).ConfigureAwait(false);
                result.AddRange(addresses.Answers.Where(a => a.Type == type && a.Address is not null).Select(a => new IPEndPoint(a.Address!, 53)));
            }
        }
        if (result.Count == 0)
            throw new AcmeException($"dns: no authoritative servers found for zone {zone} via {resolver}");
        return result.Distinct().ToArray();
    }

    private static string TypeName(ushort type) => type switch
    {
        DnsMessage.TypeA => "A",
        DnsMessage.TypeNs => "NS",
        DnsMessage.TypeCname => "CNAME",
        DnsMessage.TypeTxt => "TXT",
        DnsMessage.TypeAaaa => "AAAA",
        _ => "TYPE" + type,
    };

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
