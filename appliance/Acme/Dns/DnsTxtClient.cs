using System.Net;
using System.Net.Sockets;
using DnsClient;
using DnsClient.Protocol;

namespace Hiy.Acme.Dns;

/// <summary>
/// <see cref="IDnsTxtClient"/> over DnsClient's <see cref="LookupClient"/>: UDP with EDNS, TCP when an
/// answer comes back truncated (RFC 7766 §5; <c>UseTcpFallback</c>), no response cache (the check must
/// see a record the moment it appears). DnsClient matches the response ID to the query but not the
/// question, so only records owned by the asked name are taken (<see cref="OwnedBy"/>).
/// </summary>
public sealed class DnsTxtClient : IDnsTxtClient
{
    private readonly LookupClient _lookup;

    /// <param name="queryTimeout">How long one server gets to answer one question (default 2 s, one try).</param>
    public DnsTxtClient(TimeSpan? queryTimeout = null)
    {
        QueryTimeout = queryTimeout ?? TimeSpan.FromSeconds(2);
        // No servers here: each question names its own (DnsQueryAndServerOptions), and nothing is
        // read from the machine's network configuration behind our back.
        _lookup = new LookupClient(new LookupClientOptions { AutoResolveNameServers = false, UseCache = false });
    }

    public TimeSpan QueryTimeout { get; }

    public async Task<DnsTxtLookup> LookupTxtAsync(IPEndPoint server, string name, CancellationToken ct = default)
    {
        var subject = $"dns: TXT {name} @{server}";
        IDnsQueryResponse response;
        try
        {
            response = await QueryAsync([server], name, QueryType.TXT, ct).ConfigureAwait(false);
        }
        catch (DnsResponseException e) when (!ct.IsCancellationRequested)
        {
            // A socket error (ENETUNREACH for an IPv6 server on an IPv4-only LAN) comes wrapped, not as a
            // timeout: the network would not carry the query, so nobody answered either way.
            return e.Code == DnsResponseCode.ConnectionTimeout || e.InnerException is SocketException
                ? DnsTxtLookup.Unreachable(server, name, $"{subject}: {Unanswered(e)}")
                : DnsTxtLookup.Failed(server, name, $"{subject}: {e.Message}");
        }
        catch (SocketException e)
        {
            return DnsTxtLookup.Unreachable(server, name, $"{subject}: {e.Message}");
        }
        catch (Exception e) when (e is DnsResponseParseException or DnsXidMismatchException)
        {
            return DnsTxtLookup.Failed(server, name, $"{subject}: malformed answer: {e.Message}");
        }
        if (response.Header.ResponseCode == DnsHeaderResponseCode.NotExistentDomain)
            return DnsTxtLookup.Answered(server, name, []);
        if (response.HasError)
            return DnsTxtLookup.Failed(server, name, $"{subject}: server answered {response.Header.ResponseCode}");
        var values = OwnedBy(response.Answers, name).OfType<TxtRecord>()
            .Select(t => string.Concat(t.Text)) // RFC 1035 §3.3.14: one or more character-strings, joined
            .ToArray();
        return DnsTxtLookup.Answered(server, name, values);
    }

    /// <summary>The TXT values at <paramref name="name"/>; throws an <see cref="AcmeException"/> naming server and name when there is no answer.</summary>
    public async Task<IReadOnlyList<string>> QueryTxtAsync(IPEndPoint server, string name, CancellationToken ct = default)
    {
        var lookup = await LookupTxtAsync(server, name, ct).ConfigureAwait(false);
        return lookup.Outcome == DnsLookupOutcome.Answered ? lookup.Values : throw new AcmeException(lookup.Error!);
    }

    /// <summary>
    /// Walks up from <paramref name="domain"/> (app.example.com, example.com, …) to the first name with
    /// NS records: that is the zone apex (RFC 1034 §4.2). Then each server's A and AAAA, so the check
    /// can ask the source rather than a cache.
    /// </summary>
    public async Task<IReadOnlyList<IPEndPoint>> FindAuthoritativeServersAsync(IReadOnlyList<IPEndPoint> resolvers, string domain,
        CancellationToken ct = default)
    {
        var via = string.Join(", ", resolvers);
        var labels = domain.TrimEnd('.').Split('.');
        for (var i = 0; i < labels.Length - 1; i++)
        {
            var zone = string.Join('.', labels[i..]);
            var ns = await ResolveAsync(resolvers, zone, QueryType.NS, via, ct).ConfigureAwait(false);
            var hosts = OwnedBy(ns.Answers, zone).OfType<NsRecord>().Select(n => n.NSDName.Value.TrimEnd('.'))
                .Distinct(StringComparer.OrdinalIgnoreCase).ToArray();
            if (hosts.Length == 0)
                continue; // not a zone apex (NOERROR with an SOA, or NXDOMAIN): one label up
            var lookups = hosts.SelectMany(h => new[] { (h, QueryType.A), (h, QueryType.AAAA) })
                .Select(q => ResolveAsync(resolvers, q.Item1, q.Item2, via, ct)).ToArray();
            var answers = await Task.WhenAll(lookups).ConfigureAwait(false);
            var servers = hosts.Zip(answers.Chunk(2))
                .SelectMany(p => p.Second.SelectMany(a => OwnedBy(a.Answers, p.First)).OfType<AddressRecord>())
                .Select(a => new IPEndPoint(a.Address, 53))
                .Distinct().ToArray();
            if (servers.Length == 0)
                throw new AcmeException($"dns: the name servers of {zone} ({string.Join(", ", hosts)}) have no addresses via {via}");
            return servers;
        }
        throw new AcmeException($"dns: no authoritative servers found for {domain} via {via}");
    }

    /// <summary>
    /// The answer records that belong to <paramref name="name"/>: owned by it (compared case-insensitively,
    /// RFC 4343 §3), or by the end of a CNAME chain that starts at it within the same answer (RFC 1034 §3.6.2),
    /// which is how a delegated <c>_acme-challenge</c> name is answered. Anything else in the answer is
    /// not about our question and is ignored.
    /// </summary>
    public static IEnumerable<DnsResourceRecord> OwnedBy(IReadOnlyCollection<DnsResourceRecord> answers, string name)
    {
        var owners = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { name.TrimEnd('.') };
        // Follow the chain a bounded number of steps, so a loop in a hostile answer ends.
        for (var step = 0; step < 8; step++)
        {
            var next = answers.OfType<CNameRecord>()
                .Where(c => owners.Contains(c.DomainName.Value.TrimEnd('.')))
                .Select(c => c.CanonicalName.Value.TrimEnd('.'))
                .Where(owners.Add)
                .ToArray();
            if (next.Length == 0)
                break;
        }
        return answers.Where(r => r is not CNameRecord && owners.Contains(r.DomainName.Value.TrimEnd('.')));
    }

    /// <summary>"1.1.1.1", "127.0.0.1:8053" or "[::1]:53" → endpoint; port 53 when none is given.</summary>
    public static IPEndPoint ParseServer(string server)
    {
        // IPEndPoint first: IPAddress.TryParse accepts "[::1]:5353" too, and drops the port.
        // No port parses as port 0, which no DNS server listens on: that means 53.
        if (IPEndPoint.TryParse(server, out var ep))
            return ep.Port == 0 ? new IPEndPoint(ep.Address, 53) : ep;
        throw new FormatException($"dns: '{server}' is not an IP address or IP:port");
    }

    /// <summary>A question through resolvers for the authoritative look-up: NXDOMAIN is an empty answer, other errors throw.</summary>
    private async Task<IDnsQueryResponse> ResolveAsync(IReadOnlyList<IPEndPoint> resolvers, string name, QueryType type, string via,
        CancellationToken ct)
    {
        var subject = $"dns: {type} {name} via {via}";
        IDnsQueryResponse response;
        try
        {
            response = await QueryAsync(resolvers, name, type, ct).ConfigureAwait(false);
        }
        catch (DnsResponseException e) when (!ct.IsCancellationRequested)
        {
            throw new AcmeException($"{subject}: " + (e.Code == DnsResponseCode.ConnectionTimeout ? Unanswered(e) : e.Message), inner: e);
        }
        catch (Exception e) when (e is SocketException or DnsResponseParseException or DnsXidMismatchException)
        {
            throw new AcmeException($"{subject}: {e.Message}", inner: e);
        }
        if (response.HasError && response.Header.ResponseCode != DnsHeaderResponseCode.NotExistentDomain)
            throw new AcmeException($"{subject}: server answered {response.Header.ResponseCode}");
        return response;
    }

    private async Task<IDnsQueryResponse> QueryAsync(IReadOnlyList<IPEndPoint> servers, string name, QueryType type, CancellationToken ct)
    {
        var options = new DnsQueryAndServerOptions(servers.ToArray())
        {
            Timeout = QueryTimeout,
            // One try per server: the propagation check polls again anyway, and a resolver list has its next entry.
            Retries = 0,
            UseCache = false,
            UseTcpFallback = true,
            // In the order given: resolv.conf(5) lists its nameservers to be tried in that order.
            UseRandomNameServer = false,
            // A SERVFAIL or an empty answer from one resolver is a reason to ask the next one.
            ContinueOnDnsError = true,
            ContinueOnEmptyResponse = false,
            ThrowDnsErrors = false,
        };
        try
        {
            return await _lookup.QueryAsync(new DnsQuestion(name, type, QueryClass.IN), options, ct).ConfigureAwait(false);
        }
        catch (DnsResponseException) when (ct.IsCancellationRequested)
        {
            // DnsClient reports the caller's cancellation as a timeout; a shutdown must stay a cancellation.
            throw new OperationCanceledException(ct);
        }
    }

    private string Unanswered(DnsResponseException e) =>
        e.InnerException is SocketException s ? s.Message : $"no answer within {QueryTimeout.TotalSeconds:0.#} s";
}
