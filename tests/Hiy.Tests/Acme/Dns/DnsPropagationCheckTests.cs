using System.Net;
using Hiy.Acme;
using Hiy.Acme.Dns;

namespace Hiy.Tests.Acme.Dns;

/// <summary>The propagation rule, as a table, and the wait loop around it with a scripted <see cref="IDnsTxtClient"/>.</summary>
public sealed class DnsPropagationCheckTests
{
    private const string Name = "_acme-challenge.hiy.test";
    private static readonly IPEndPoint S1 = new(IPAddress.Parse("192.0.2.1"), 53);
    private static readonly IPEndPoint S2 = new(IPAddress.Parse("192.0.2.2"), 53);

    // Each server: "v" shows the value, "-" answered without it, "x" unreachable, "!" answered with an error.
    [Theory]
    [InlineData("v", true)]
    [InlineData("v v", true)]
    [InlineData("v x", true)]
    [InlineData("x v x", true)]
    [InlineData("v -", false)]
    [InlineData("v !", false)]
    [InlineData("x x", false)]
    [InlineData("-", false)]
    [InlineData("", false)]
    public void IsPropagated_Round_ReachableServersMustAllShowTheValue(string servers, bool expected)
    {
        var round = servers.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select((s, i) => Lookup(new IPEndPoint(IPAddress.Loopback, 1000 + i), s)).ToArray();

        Assert.Equal(expected, DnsPropagationCheck.IsPropagated(round, "value"));
    }

    [Fact]
    public void IsPropagated_ValueDiffersInCase_IsNotPropagated() =>
        Assert.False(DnsPropagationCheck.IsPropagated([DnsTxtLookup.Answered(S1, Name, ["VALUE"])], "value"));

    [Fact]
    public async Task WaitForTxtAsync_OneServerUnreachable_ReturnsInTheFirstRound()
    {
        var client = new ScriptedClient((server, _) => server.Equals(S1) ? "v" : "x");
        var check = new DnsPropagationCheck([S1, S2], client, new ManualTimeProvider(DateTimeOffset.UnixEpoch), TimeSpan.FromSeconds(2), TimeSpan.FromMinutes(2));

        await check.WaitForTxtAsync(Name, "value").WaitAsync(TimeSpan.FromSeconds(5));

        Assert.Equal(2, client.Calls); // one round, both asked
    }

    [Fact]
    public async Task WaitForTxtAsync_NeverVisible_ThrowsNamingEachServerAndWhatItSaid()
    {
        var client = new ScriptedClient((server, _) => server.Equals(S1) ? "-" : "x");
        var check = new DnsPropagationCheck([S1, S2], client, null, TimeSpan.FromMilliseconds(10), TimeSpan.FromMilliseconds(100));

        var e = await Assert.ThrowsAsync<AcmeException>(() => check.WaitForTxtAsync(Name, "value"));

        Assert.Equal($"dns: TXT {Name} = \"value\" not visible after 0.1 s at {S1}: [\"other\"]; {S2}: dns: TXT {Name} @{S2}: no answer within 2 s",
            e.Message);
    }

    private static DnsTxtLookup Lookup(IPEndPoint server, string state) => state switch
    {
        "v" => DnsTxtLookup.Answered(server, Name, ["other", "value"]),
        "-" => DnsTxtLookup.Answered(server, Name, ["other"]),
        "x" => DnsTxtLookup.Unreachable(server, Name, $"dns: TXT {Name} @{server}: no answer within 2 s"),
        "!" => DnsTxtLookup.Failed(server, Name, $"dns: TXT {Name} @{server}: server answered Refused"),
        _ => throw new ArgumentException(state),
    };

    private sealed class ScriptedClient(Func<IPEndPoint, string, string> script) : IDnsTxtClient
    {
        private int _calls;

        public int Calls => _calls;

        public Task<DnsTxtLookup> LookupTxtAsync(IPEndPoint server, string name, CancellationToken ct = default)
        {
            Interlocked.Increment(ref _calls);
            return Task.FromResult(Lookup(server, script(server, name)));
        }

        public Task<IReadOnlyList<IPEndPoint>> FindAuthoritativeServersAsync(IReadOnlyList<IPEndPoint> resolvers, string domain, CancellationToken ct = default) =>
            throw new NotSupportedException();
    }
}
