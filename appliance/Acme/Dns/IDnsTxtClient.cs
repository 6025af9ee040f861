using System.Net;

namespace Hiy.Acme.Dns;

/// <summary>
/// The two DNS questions ACME needs: what TXT values a server shows for a name (the DNS-01
/// propagation check), and which servers are authoritative for a domain. <see cref="DnsTxtClient"/>
/// answers them over the network; tests hand <see cref="DnsPropagationCheck"/> a scripted one.
/// </summary>
public interface IDnsTxtClient
{
    /// <summary>One TXT question to one server. Never throws for a network or DNS failure: the outcome says what happened.</summary>
    Task<DnsTxtLookup> LookupTxtAsync(IPEndPoint server, string name, CancellationToken ct = default);

    /// <summary>
    /// The addresses of the servers authoritative for <paramref name="domain"/>'s zone, asked through
    /// <paramref name="resolvers"/> (tried in order); throws an <see cref="AcmeException"/> when none are found.
    /// </summary>
    Task<IReadOnlyList<IPEndPoint>> FindAuthoritativeServersAsync(IReadOnlyList<IPEndPoint> resolvers, string domain, CancellationToken ct = default);
}
