using System.Net;

namespace Hiy.Acme.Dns;

/// <summary>
/// Waits until the configured resolvers (ideally the zone's authoritative servers) show a TXT value, so
/// the CA is not asked to validate (RFC 8555 §7.5.1) before the record is visible.
/// <para>
/// Each round asks every server at once, each with the client's short per-server timeout, so a round
/// lasts at most one timeout however many servers there are. The record counts as propagated when
/// <b>at least one server answers with it and every server that answers at all shows it</b>; a server
/// that does not answer (an IPv6 address on an IPv4-only LAN, a firewall that drops the packets) is
/// left out of that round instead of holding the check until its overall timeout. A server that answers
/// with an error (SERVFAIL, REFUSED) did answer, and holds the check like one without the value.
/// </para>
/// </summary>
public sealed class DnsPropagationCheck(IReadOnlyList<IPEndPoint> servers, IDnsTxtClient client, TimeProvider? time = null,
    TimeSpan? interval = null, TimeSpan? timeout = null)
{
    private readonly TimeProvider _time = time ?? TimeProvider.System;

    public IReadOnlyList<IPEndPoint> Servers { get; } = servers;
    public TimeSpan Interval { get; } = interval ?? TimeSpan.FromSeconds(2);
    public TimeSpan Timeout { get; } = timeout ?? TimeSpan.FromMinutes(2);

    /// <summary>Returns once <see cref="IsPropagated"/> holds for a round; throws an <see cref="AcmeException"/>
    /// naming the record, the servers without it and what each said after the timeout.</summary>
    public async Task WaitForTxtAsync(string name, string expected, CancellationToken ct = default)
    {
        if (Servers.Count == 0)
            return; // nothing to ask: the CA's own view is the only check left
        var deadline = _time.GetUtcNow() + Timeout;
        while (true)
        {
            var round = await Task.WhenAll(Servers.Select(s => client.LookupTxtAsync(s, name, ct))).ConfigureAwait(false);
            if (IsPropagated(round, expected))
                return;
            if (_time.GetUtcNow() + Interval > deadline)
                throw new AcmeException($"dns: TXT {name} = \"{expected}\" not visible after {Timeout.TotalSeconds:0.#} s at " +
                    string.Join("; ", round.Where(l => !Shows(l, expected)).Select(l => $"{l.Server}: {l.Describe()}")));
            await Task.Delay(Interval, _time, ct).ConfigureAwait(false);
        }
    }

    /// <summary>The rule above, for one round of answers: some server shows the value, and no server that answered lacks it.</summary>
    public static bool IsPropagated(IReadOnlyCollection<DnsTxtLookup> round, string expected) =>
        round.Any(l => Shows(l, expected))
        && round.All(l => l.Outcome == DnsLookupOutcome.Unreachable || Shows(l, expected));

    // TXT values compare exactly: the value is a base64url digest (RFC 8555 §8.4), case matters.
    private static bool Shows(DnsTxtLookup lookup, string expected) =>
        lookup.Outcome == DnsLookupOutcome.Answered && lookup.Values.Contains(expected, StringComparer.Ordinal);
}
