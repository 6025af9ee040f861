using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;

namespace Hiy.Hardware;

/// <summary>
/// The addresses others can reach the machine on, for the wizard's DNS records: every unicast IPv4 and IPv6 address of an
/// interface that is up, without loopback, IPv6 link-local (fe80::/10, not routable) and Docker's own bridges
/// (docker0, br-…, veth…: addresses only containers see).
/// </summary>
public static class NetworkAddresses
{
    public sealed record Candidate(string Interface, bool Up, bool Loopback, IPAddress Address);

    public static IReadOnlyList<string> Select(IEnumerable<Candidate> candidates) =>
        candidates
            .Where(c => c.Up && !c.Loopback && !IsContainerBridge(c.Interface))
            .Select(c => c.Address)
            .Where(a => a.AddressFamily is AddressFamily.InterNetwork or AddressFamily.InterNetworkV6
                && !IPAddress.IsLoopback(a) && !a.IsIPv6LinkLocal && !a.IsIPv6Multicast)
            .OrderBy(a => a.AddressFamily == AddressFamily.InterNetwork ? 0 : 1)
            .Select(a => a.ToString())
            .Distinct(StringComparer.Ordinal)
            .ToList();

    /// <summary>This machine's addresses; empty when the interfaces cannot be read.</summary>
    public static IReadOnlyList<string> OfThisMachine()
    {
        try
        {
            return Select(NetworkInterface.GetAllNetworkInterfaces().SelectMany(i => i.GetIPProperties().UnicastAddresses.Select(u =>
                new Candidate(i.Name, i.OperationalStatus is OperationalStatus.Up or OperationalStatus.Unknown,
                    i.NetworkInterfaceType == NetworkInterfaceType.Loopback, u.Address))));
        }
        catch (NetworkInformationException)
        {
            return [];
        }
    }

    private static bool IsContainerBridge(string name) =>
        name == "docker0" || name.StartsWith("br-", StringComparison.Ordinal) || name.StartsWith("veth", StringComparison.Ordinal);
}
