using System.Net;

namespace Hiy.Acme.Dns;

/// <summary>
/// What one server said about one TXT name. An expected outcome, not an exception: the propagation
/// check must tell "answered without our value" (wait) from "did not answer at all" (skip this round).
/// </summary>
public sealed record DnsTxtLookup(IPEndPoint Server, string Name, DnsLookupOutcome Outcome, IReadOnlyList<string> Values, string? Error = null)
{
    public static DnsTxtLookup Answered(IPEndPoint server, string name, IReadOnlyList<string> values) =>
        new(server, name, DnsLookupOutcome.Answered, values);

    public static DnsTxtLookup Unreachable(IPEndPoint server, string name, string error) =>
        new(server, name, DnsLookupOutcome.Unreachable, [], error);

    public static DnsTxtLookup Failed(IPEndPoint server, string name, string error) =>
        new(server, name, DnsLookupOutcome.Failed, [], error);

    /// <summary>For messages: the values, "no TXT record", or the error.</summary>
    public string Describe() => Outcome switch
    {
        DnsLookupOutcome.Answered when Values.Count == 0 => "no TXT record",
        DnsLookupOutcome.Answered => "[" + string.Join(", ", Values.Select(v => $"\"{v}\"")) + "]",
        _ => Error ?? Outcome.ToString(),
    };
}

/// <summary>How a lookup ended.</summary>
public enum DnsLookupOutcome
{
    /// <summary>NOERROR, or NXDOMAIN (RFC 1035 §4.1.1 RCODE 3: the name does not exist, so no values).</summary>
    Answered,

    /// <summary>No answer within the per-server timeout, or the network refused to carry the query.</summary>
    Unreachable,

    /// <summary>The server answered with an error (SERVFAIL, REFUSED, …) or with something unparseable.</summary>
    Failed,
}
