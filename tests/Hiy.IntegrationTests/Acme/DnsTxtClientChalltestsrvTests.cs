using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Xunit.Abstractions;
using Hiy.Acme;
using Hiy.Acme.Dns;

namespace Hiy.Tests.Acme;

/// <summary>Our TXT look-ups (DnsClient underneath) and propagation check against pebble-challtestsrv's real DNS server.</summary>
public sealed class DnsTxtClientChalltestsrvTests(ITestOutputHelper output)
{
    private readonly ITestOutputHelper _output = output;

    [Fact]
    public async Task QueryTxtAsync_TwoValuesAtOneName_ReturnsBoth()
    {
        using var http = new HttpClient();
        var name = "_acme-challenge." + PebbleEnv.UniqueLabel("dns") + ".hiy.test";
        await PebbleEnv.SetTxtAsync(http, name, "first-value");
        await PebbleEnv.SetTxtAsync(http, name, "second-value");
        try
        {
            var values = await new DnsTxtClient().QueryTxtAsync(PebbleEnv.Dns, name);

            Assert.Equal(new[] { "first-value", "second-value" }, values.Order());
        }
        finally
        {
            await PebbleEnv.ClearTxtAsync(http, name);
        }
        Assert.Empty(await new DnsTxtClient().QueryTxtAsync(PebbleEnv.Dns, name));
    }

    [Fact]
    public async Task WaitForTxtAsync_RecordAppearsLater_ReturnsOnceVisible()
    {
        using var http = new HttpClient();
        var name = "_acme-challenge." + PebbleEnv.UniqueLabel("late") + ".hiy.test";
        var check = new DnsPropagationCheck([PebbleEnv.Dns], new DnsTxtClient(), null, TimeSpan.FromMilliseconds(50), TimeSpan.FromSeconds(10));
        try
        {
            var waiting = check.WaitForTxtAsync(name, "v1");
            await Task.Delay(300);
            Assert.False(waiting.IsCompleted);

            await PebbleEnv.SetTxtAsync(http, name, "v1");

            await waiting.WaitAsync(TimeSpan.FromSeconds(5));
        }
        finally
        {
            await PebbleEnv.ClearTxtAsync(http, name);
        }
    }

    [Fact]
    public async Task WaitForTxtAsync_FourOfFiveServersNeverAnswer_CompletesWithinTwoPerServerTimeouts()
    {
        // Four authoritative addresses that never answer: three UDP ports we hold on 127.0.0.1, and one in
        // 100::/64, the discard-only prefix (RFC 6666), i.e. an IPv6 server seen from an IPv4-only LAN.
        // Asked one after another they would cost 4 × the per-server timeout; asked at once, about one.
        // The bound (2 ×) leaves a whole timeout of slack for a loaded test machine.
        using var blackhole1 = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        using var blackhole2 = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        using var blackhole3 = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        var ipv6 = new IPEndPoint(IPAddress.Parse("100::53"), 53);
        var perServer = TimeSpan.FromSeconds(2);
        IPEndPoint[] servers = [(IPEndPoint)blackhole1.Client.LocalEndPoint!, PebbleEnv.Dns, ipv6,
            (IPEndPoint)blackhole2.Client.LocalEndPoint!, (IPEndPoint)blackhole3.Client.LocalEndPoint!];
        using var http = new HttpClient();
        var name = "_acme-challenge." + PebbleEnv.UniqueLabel("half") + ".hiy.test";
        await PebbleEnv.SetTxtAsync(http, name, "v1");
        try
        {
            var check = new DnsPropagationCheck(servers, new DnsTxtClient(perServer), null, TimeSpan.FromMilliseconds(50), TimeSpan.FromSeconds(30));
            var started = Stopwatch.GetTimestamp();

            await check.WaitForTxtAsync(name, "v1");

            var elapsed = Stopwatch.GetElapsedTime(started);
            _output.WriteLine($"propagation check with 4 of 5 servers unreachable: {elapsed.TotalMilliseconds:0} ms (per-server timeout {perServer.TotalMilliseconds:0} ms)");
            Assert.True(elapsed < perServer * 2, $"took {elapsed}");
        }
        finally
        {
            await PebbleEnv.ClearTxtAsync(http, name);
        }
    }

    [Fact]
    public async Task WaitForTxtAsync_UnreachableServerAndValueMissingAtAnother_KeepsWaiting()
    {
        using var blackhole = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        var name = "_acme-challenge." + PebbleEnv.UniqueLabel("none") + ".hiy.test";
        var check = new DnsPropagationCheck([(IPEndPoint)blackhole.Client.LocalEndPoint!, PebbleEnv.Dns], new DnsTxtClient(TimeSpan.FromMilliseconds(200)),
            null, TimeSpan.FromMilliseconds(50), TimeSpan.FromSeconds(1));

        var e = await Assert.ThrowsAsync<AcmeException>(() => check.WaitForTxtAsync(name, "v1"));

        Assert.Contains($"{PebbleEnv.Dns}: no TXT record", e.Message);
        Assert.Contains($"{blackhole.Client.LocalEndPoint}: dns: TXT {name} @{blackhole.Client.LocalEndPoint}: no answer within 0.2 s", e.Message);
    }

    [Fact]
    public async Task QueryTxtAsync_NobodyListening_TimesOutNamingServerAndName()
    {
        // A UDP port on 127.0.0.1 that we hold but never answer on.
        using var silent = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        var server = (IPEndPoint)silent.Client.LocalEndPoint!;

        var e = await Assert.ThrowsAsync<AcmeException>(() =>
            new DnsTxtClient(TimeSpan.FromMilliseconds(200)).QueryTxtAsync(server, "_acme-challenge.hiy.test"));

        Assert.Equal($"dns: TXT _acme-challenge.hiy.test @{server}: no answer within 0.2 s", e.Message);
    }
}
