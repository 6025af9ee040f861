using System.Net;
using System.Net.Sockets;
using Hiy.Acme;
using Hiy.Acme.Dns;
using static Hiy.Tests.Acme.Dns.FakeDnsRecord;

namespace Hiy.Tests.Acme.Dns;

/// <summary>
/// <see cref="DnsTxtClient"/> against <see cref="FakeDnsServer"/>, for the cases pebble-challtestsrv cannot
/// produce (it serves no NS records, never answers for another name, never truncates); the plain TXT path
/// runs against challtestsrv in the integration tests.
/// </summary>
public sealed class DnsTxtClientTests
{
    private const string Name = "_acme-challenge.hiy.test";

    [Fact]
    public async Task LookupTxtAsync_AnswerCarriesRecordsOfAnotherName_KeepsOnlyTheAskedNameCaseInsensitively()
    {
        using var server = new FakeDnsServer(q => new FakeDnsReply(
        [
            TxtOf("_acme-challenge.evil.test", "planted"),
            TxtOf("_ACME-Challenge.HIY.test", "ours"),
            TxtOf("hiy.test", "the parent's"),
        ]));

        var lookup = await new DnsTxtClient().LookupTxtAsync(server.EndPoint, Name);

        Assert.Equal(DnsLookupOutcome.Answered, lookup.Outcome);
        Assert.Equal(["ours"], lookup.Values);
    }

    [Fact]
    public async Task LookupTxtAsync_CnameChainFromAskedName_FollowsItButNotOtherCnames()
    {
        using var server = new FakeDnsServer(q => new FakeDnsReply(
        [
            CnameOf(Name, "step.delegated.test"),
            CnameOf("Step.Delegated.test", "hiy.acme-dns.test"),
            TxtOf("hiy.acme-dns.test", "delegated"),
            CnameOf("other.test", "elsewhere.test"),
            TxtOf("elsewhere.test", "not ours"),
        ]));

        var lookup = await new DnsTxtClient().LookupTxtAsync(server.EndPoint, Name);

        Assert.Equal(["delegated"], lookup.Values);
    }

    [Fact]
    public async Task LookupTxtAsync_TruncatedUdpAnswer_AsksAgainOverTcp()
    {
        using var server = new FakeDnsServer(q => q.OverTcp
            ? new FakeDnsReply([TxtOf(Name, "first"), TxtOf(Name, "second")])
            : new FakeDnsReply([], Truncated: true));

        var lookup = await new DnsTxtClient().LookupTxtAsync(server.EndPoint, Name);

        Assert.Equal(["first", "second"], lookup.Values.Order());
        Assert.Equal(1, server.UdpQueries);
        Assert.Equal(1, server.TcpQueries);
    }

    [Fact]
    public async Task LookupTxtAsync_NxDomain_IsAnAnswerWithoutValues()
    {
        using var server = new FakeDnsServer(_ => new FakeDnsReply([], ResponseCode: 3));

        var lookup = await new DnsTxtClient().LookupTxtAsync(server.EndPoint, Name);

        Assert.Equal(DnsLookupOutcome.Answered, lookup.Outcome);
        Assert.Empty(lookup.Values);
        Assert.Equal("no TXT record", lookup.Describe());
    }

    [Fact]
    public async Task LookupTxtAsync_ServerFailure_IsFailedNamingServerAndCode()
    {
        using var server = new FakeDnsServer(_ => new FakeDnsReply([], ResponseCode: 2));

        var lookup = await new DnsTxtClient().LookupTxtAsync(server.EndPoint, Name);

        Assert.Equal(DnsLookupOutcome.Failed, lookup.Outcome);
        Assert.Equal($"dns: TXT {Name} @{server.EndPoint}: server answered ServerFailure", lookup.Error);
    }

    [Fact]
    public async Task LookupTxtAsync_SilentServer_IsUnreachableAfterOneTimeout()
    {
        using var silent = new FakeDnsServer(_ => null);
        var started = TimeProvider.System.GetTimestamp();

        var lookup = await new DnsTxtClient(TimeSpan.FromMilliseconds(300)).LookupTxtAsync(silent.EndPoint, Name);

        Assert.Equal(DnsLookupOutcome.Unreachable, lookup.Outcome);
        Assert.Equal($"dns: TXT {Name} @{silent.EndPoint}: no answer within 0.3 s", lookup.Error);
        Assert.InRange(TimeProvider.System.GetElapsedTime(started), TimeSpan.FromMilliseconds(250), TimeSpan.FromSeconds(2));
        Assert.Equal(1, silent.UdpQueries); // one try: the propagation check's next round is the retry
    }

    [Fact]
    public async Task LookupTxtAsync_NetworkRefusesToSend_IsUnreachableAtOnce()
    {
        // Sending to the broadcast address without SO_BROADCAST fails in the socket (EACCES), the way an
        // IPv6 server fails on an IPv4-only LAN (ENETUNREACH): an error DnsClient does not retry but rethrows.
        var nowhere = new IPEndPoint(IPAddress.Broadcast, 53);
        var started = TimeProvider.System.GetTimestamp();

        var lookup = await new DnsTxtClient(TimeSpan.FromSeconds(5)).LookupTxtAsync(nowhere, Name);

        Assert.True(lookup.Outcome == DnsLookupOutcome.Unreachable, lookup.Error);
        Assert.StartsWith($"dns: TXT {Name} @{nowhere}: ", lookup.Error);
        Assert.True(TimeProvider.System.GetElapsedTime(started) < TimeSpan.FromSeconds(2));
    }

    [Fact]
    public async Task LookupTxtAsync_CanceledWhileWaiting_ThrowsOperationCanceled()
    {
        using var silent = new FakeDnsServer(_ => null);
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            new DnsTxtClient(TimeSpan.FromSeconds(10)).LookupTxtAsync(silent.EndPoint, Name, cts.Token).WaitAsync(TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public async Task FindAuthoritativeServersAsync_SubdomainOfZone_WalksUpAndResolvesEachServer()
    {
        using var resolver = new FakeDnsServer(q => (q.Name, q.Type) switch
        {
            ("hiy.test", Ns) => new FakeDnsReply([NsOf("hiy.test", "ns1.hiy.test"), NsOf("hiy.test", "NS2.hiy.test"), NsOf("other.test", "ns9.other.test")]),
            ("ns1.hiy.test", A) => new FakeDnsReply([AddressOf("ns1.hiy.test", "127.0.0.11")]),
            ("NS2.hiy.test", A) => new FakeDnsReply([AddressOf("ns2.hiy.test", "127.0.0.12"), AddressOf("ns9.other.test", "127.0.0.99")]),
            ("NS2.hiy.test", Aaaa) => new FakeDnsReply([AddressOf("ns2.hiy.test", "::1")]),
            ("app.hiy.test", Ns) => new FakeDnsReply([], ResponseCode: 3),
            _ => FakeDnsReply.Empty,
        });

        var servers = await new DnsTxtClient().FindAuthoritativeServersAsync([resolver.EndPoint], "app.hiy.test");

        Assert.Equal(["127.0.0.11:53", "127.0.0.12:53", "[::1]:53"], servers.Select(s => s.ToString()));
    }

    [Fact]
    public async Task FindAuthoritativeServersAsync_FirstResolverSilent_AsksTheNextOne()
    {
        using var silent = new FakeDnsServer(_ => null);
        using var resolver = new FakeDnsServer(q => (q.Name, q.Type) switch
        {
            ("hiy.test", Ns) => new FakeDnsReply([NsOf("hiy.test", "ns1.hiy.test")]),
            ("ns1.hiy.test", A) => new FakeDnsReply([AddressOf("ns1.hiy.test", "127.0.0.11")]),
            _ => FakeDnsReply.Empty,
        });

        var servers = await new DnsTxtClient(TimeSpan.FromMilliseconds(300)).FindAuthoritativeServersAsync([silent.EndPoint, resolver.EndPoint], "hiy.test");

        Assert.Equal(["127.0.0.11:53"], servers.Select(s => s.ToString()));
        Assert.True(silent.UdpQueries >= 1);
    }

    [Fact]
    public async Task FindAuthoritativeServersAsync_NoNsAnywhere_ThrowsNamingDomainAndResolvers()
    {
        using var resolver = new FakeDnsServer(_ => FakeDnsReply.Empty);

        var e = await Assert.ThrowsAsync<AcmeException>(() =>
            new DnsTxtClient().FindAuthoritativeServersAsync([resolver.EndPoint], "app.hiy.test"));

        Assert.Equal($"dns: no authoritative servers found for app.hiy.test via {resolver.EndPoint}", e.Message);
    }

    [Theory]
    [InlineData("1.1.1.1", "1.1.1.1:53")]
    [InlineData("127.0.0.1:8053", "127.0.0.1:8053")]
    [InlineData("[::1]:5353", "[::1]:5353")]
    [InlineData("::1", "[::1]:53")]
    public void ParseServer_AddressOrAddressAndPort_GivesEndpoint(string text, string expected) =>
        Assert.Equal(expected, DnsTxtClient.ParseServer(text).ToString());

    [Fact]
    public void ParseServer_HostName_Throws() =>
        Assert.Throws<FormatException>(() => DnsTxtClient.ParseServer("dns.example"));
}
