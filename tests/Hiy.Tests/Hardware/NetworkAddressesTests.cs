using System.Net;
using Hiy.Hardware;

namespace Hiy.Tests.Hardware;

public class NetworkAddressesTests
{
    private static NetworkAddresses.Candidate C(string iface, string address, bool up = true, bool loopback = false) =>
        new(iface, up, loopback, IPAddress.Parse(address));

    [Fact]
    public void Select_PiOnWifiAndEthernet_RoutableAddressesIPv4First()
    {
        var picked = NetworkAddresses.Select([
            C("lo", "127.0.0.1", loopback: true), C("lo", "::1", loopback: true),
            C("eth0", "fe80::dea6:32ff:fe01:2345"), C("eth0", "2001:db8::20"), C("eth0", "192.168.1.20"),
            C("wlan0", "192.168.1.21", up: false),
            C("docker0", "172.17.0.1"), C("br-4f1e2d", "172.18.0.1"), C("veth12ab", "fe80::1"),
            C("eth0", "192.168.1.20"),
        ]);
        Assert.Equal(["192.168.1.20", "2001:db8::20"], picked);
    }

    [Fact]
    public void OfThisMachine_NeverLoopback()
    {
        var mine = NetworkAddresses.OfThisMachine();
        Assert.DoesNotContain("127.0.0.1", mine);
        Assert.DoesNotContain("::1", mine);
    }
}
