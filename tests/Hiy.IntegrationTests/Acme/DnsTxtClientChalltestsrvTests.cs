using System.Net;
using Hiy.Acme;
using Hiy.Acme.Dns;

namespace Hiy.Tests.Acme;

/// <summary>Our UDP TXT resolver and propagation check against pebble-challtestsrv's real DNS server.</summary>
public sealed class DnsTxtClientChalltestsrvTests
{
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
    public async Task QueryAsync_ARecord_IsChalltestsrvsDefaultAddress()
    {
        var response = await new DnsTxtClient().QueryAsync(PebbleEnv.Dns, PebbleEnv.UniqueLabel("a") + ".hiy.test", DnsMessage.TypeA);

        Assert.Equal(IPAddress.Loopback, Assert.Single(response.Answers).Address);
    }

    [Fact]
    public async Task QueryTxtAsync_NobodyListening_TimesOutNamingServerAndName()
    {
        // A UDP port on 127.0.0.1 that we hold but never answer on.
        using var silent = new System.Net.Sockets.UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        var server = (IPEndPoint)silent.Client.LocalEndPoint!;

        var e = await Assert.ThrowsAsync<AcmeException>(() =>
            new DnsTxtClient(queryTimeout: TimeSpan.FromMilliseconds(200)).QueryTxtAsync(server, "_acme-challenge.hiy.test"));

        Assert.Equal($"dns: TXT _acme-challenge.hiy.test @{server}: no answer within 0.2 s", e.Message);
    }
}
