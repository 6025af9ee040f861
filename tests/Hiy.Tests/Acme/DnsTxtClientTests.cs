using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using Hiy.Acme;
using Hiy.Acme.Dns;

namespace Hiy.Tests.Acme;

/// <summary>The resolver's lookups against a scripted DNS server on 127.0.0.1 (challtestsrv serves no NS records).</summary>
public sealed class DnsTxtClientTests
{
    [Fact]
    public async Task FindAuthoritativeServersAsync_NsWithCompressedTargets_ResolvesEachServer()
    {
        using var server = new ScriptedDns((name, type) => (name, type) switch
        {
            ("hiy.test", DnsMessage.TypeNs) => [Ns("ns1.hiy.test"), Ns("ns2.hiy.test")],
            ("ns1.hiy.test", DnsMessage.TypeA) => [A([127, 0, 0, 11])],
            ("ns2.hiy.test", DnsMessage.TypeA) => [A([127, 0, 0, 12])],
            _ => [],
        });

        var servers = await new DnsTxtClient().FindAuthoritativeServersAsync(server.EndPoint, "hiy.test");

        Assert.Equal(new[] { "127.0.0.11:53", "127.0.0.12:53" }, servers.Select(s => s.ToString()));
    }

    [Fact]
    public async Task FindAuthoritativeServersAsync_NoNs_ThrowsNamingZone()
    {
        using var server = new ScriptedDns((_, _) => []);

        var e = await Assert.ThrowsAsync<AcmeException>(() => new DnsTxtClient().FindAuthoritativeServersAsync(server.EndPoint, "hiy.test"));

        Assert.Equal($"dns: no authoritative servers found for zone hiy.test via {server.EndPoint}", e.Message);
    }

    [Fact]
    public async Task QueryTxtAsync_TxtAnswer_ReturnsValue()
    {
        using var server = new ScriptedDns((name, type) => type == DnsMessage.TypeTxt ? [Txt("token-" + name)] : []);

        var values = await new DnsTxtClient().QueryTxtAsync(server.EndPoint, "_acme-challenge.hiy.test");

        Assert.Equal(new[] { "token-_acme-challenge.hiy.test" }, values);
    }

    // Answer records: the owner name is a pointer to the question (0xC00C); NS targets are written
    // with a pointer to the question's last two labels, so the parser must follow compression in RDATA.
    private static Func<byte[], int, byte[]> Ns(string target) => (message, questionOffset) =>
    {
        var label = target.Split('.')[0];
        byte[] rdata = [(byte)label.Length, .. System.Text.Encoding.ASCII.GetBytes(label), 0xC0, (byte)questionOffset];
        return Record(DnsMessage.TypeNs, rdata);
    };

    private static Func<byte[], int, byte[]> A(byte[] address) => (_, _) => Record(DnsMessage.TypeA, address);

    private static Func<byte[], int, byte[]> Txt(string value) => (_, _) =>
        Record(DnsMessage.TypeTxt, [(byte)value.Length, .. System.Text.Encoding.ASCII.GetBytes(value)]);

    private static byte[] Record(ushort type, byte[] rdata)
    {
        var r = new byte[12 + rdata.Length];
        r[0] = 0xC0;
        r[1] = 12;
        BinaryPrimitives.WriteUInt16BigEndian(r.AsSpan(2), type);
        BinaryPrimitives.WriteUInt16BigEndian(r.AsSpan(4), DnsMessage.ClassIn);
        BinaryPrimitives.WriteUInt32BigEndian(r.AsSpan(6), 300);
        BinaryPrimitives.WriteUInt16BigEndian(r.AsSpan(10), (ushort)rdata.Length);
        rdata.CopyTo(r, 12);
        return r;
    }

    /// <summary>Answers each query with the records the script gives for (name, type).</summary>
    private sealed class ScriptedDns : IDisposable
    {
        private readonly UdpClient _udp = new(new IPEndPoint(IPAddress.Loopback, 0));
        private readonly CancellationTokenSource _stop = new();

        public ScriptedDns(Func<string, ushort, Func<byte[], int, byte[]>[]> script)
        {
            EndPoint = (IPEndPoint)_udp.Client.LocalEndPoint!;
            _ = Task.Run(async () =>
            {
                while (!_stop.IsCancellationRequested)
                {
                    var received = await _udp.ReceiveAsync(_stop.Token);
                    var query = received.Buffer;
                    var offset = 12;
                    var name = DnsMessage.ReadName(query, ref offset);
                    var type = BinaryPrimitives.ReadUInt16BigEndian(query.AsSpan(offset));
                    var questionEnd = offset + 4;
                    // The offset of the zone part ("hiy.test") of the question, for NS targets to point at.
                    var zoneOffset = 12;
                    if (name.Split('.').Length > 2)
                        zoneOffset += 1 + name.Split('.')[0].Length;
                    var answers = script(name, type).Select(make => make(query, zoneOffset)).ToArray();
                    var response = new List<byte>(query[..questionEnd]);
                    response[2] = 0x81;
                    response[3] = 0x80;
                    response[6] = 0;
                    response[7] = (byte)answers.Length;
                    foreach (var a in answers)
                        response.AddRange(a);
                    await _udp.SendAsync(response.ToArray(), received.RemoteEndPoint, _stop.Token);
                }
            });
        }

        public IPEndPoint EndPoint { get; }

        public void Dispose()
        {
            _stop.Cancel();
            _udp.Dispose();
        }
    }
}
