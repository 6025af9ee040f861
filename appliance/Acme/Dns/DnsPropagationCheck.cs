using System.Net;

namespace Hiy.Acme.Dns;

/// <summary>
/// Waits until every configured resolver (ideally the zone's authoritative servers) answers a TXT
/// query with the expected value, so the CA is not asked to validate before the record is visible.
/// </summary>
public sealed class DnsPropagationCheck(IReadOnlyList<IPEndPoint> servers, DnsTxtClient client, TimeProvider? time = null,
    TimeSpan? interval = null, TimeSpan? timeout = null)
{
    private readonly TimeProvider _time = time ?? TimeProvider.System;

    public IReadOnlyList<IPEndPoint> Servers { get; } = servers;
    public TimeSpan Interval { get; } = interval ?? TimeSpan.FromSeconds(2);
    public TimeSpan Timeout { get; } = timeout ?? TimeSpan.FromMinutes(2);

    /// <summary>Returns once all servers show <paramref name="expected"/> at <paramref name="name"/>; throws
    /// an <see cref="AcmeException"/> naming the record, the laggards and what they answered after the timeout.</summary>
    public async Task WaitForTxtAsync(string name, string expected, CancellationToken ct = default)
    {
        if (Servers.Count == 0)
            return; // nothing to ask: the CA's own view is the only check left
        var deadline = _time.GetUtcNow() + Timeout;
        var lastSeen = new Dictionary<IPEndPoint, string>();
        while (true)
        {
            var pending = new List<IPEndPoint>();
            foreach (var server in Servers)
            {
                try
                {
                    var values = await client.QueryTxtAsync(server, name, ct).ConfigureAwait(false);
                    if (values.Contains(expected, StringComparer.Ordinal))
                        continue;
                    lastSeen[server] = values.Count == 0 ? "no TXT record" : "[" + string.Join(", ", values.Select(v => $"\"{v}\"")) + "]";
                }
                catch (AcmeException e)
                {
                    lastSeen[server] = e.Message;
                }
                pending.Add(server);
            }
            if (pending.Count == 0)
                return;
            if (_time.GetUtcNow() + Interval > deadline)
                throw new AcmeException($"dns: TXT {name} = \"{expected}\" not visible after {Timeout.TotalSeconds:0.#} s at " +
                    string.Join("; ", pending.Select(s => $"{s}: {lastSeen[s]}")));
            await Task.Delay(Interval, _time, ct).ConfigureAwait(false);
        }
    }
}
