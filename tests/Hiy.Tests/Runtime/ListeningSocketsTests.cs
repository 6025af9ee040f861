using Hiy.Runtime;

namespace Hiy.Tests.Runtime;

public class ListeningSocketsTests
{
    // Real /proc/net/tcp and tcp6 lines (header, a listener on 0.0.0.0:3000, an established connection, a
    // listener on 127.0.0.1:9000, and tcp6 listeners on [::]:3000 and [::1]:9229).
    private const string Tcp = """
          sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
           0: 00000000:0BB8 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1234 1 0000000000000000 100 0 0 10 0
           1: 0100007F:0BB8 0100007F:D431 01 00000000:00000000 00:00000000 00000000     0        0 1235 1 0000000000000000 20 4 30 10 -1
           2: 0100007F:2328 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1236 1 0000000000000000 100 0 0 10 0
        """;

    private const string Tcp6 = """
          sl  local_address                         remote_address                        st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
           0: 00000000000000000000000000000000:0BB8 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 2001 1 0000000000000000 100 0 0 10 0
           1: 00000000000000000000000001000000:240D 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 2002 1 0000000000000000 100 0 0 10 0
        """;

    [Fact]
    public void Parse_V4AndV6Tables_ListeningPortsOnlyWithLoopbackFlag()
    {
        var sockets = ListeningSockets.Parse(Tcp + "\n" + Tcp6);

        Assert.Equal([new ListeningSocket(3000, false), new ListeningSocket(9000, true), new ListeningSocket(9229, true)], sockets);
    }

    [Theory]
    [InlineData("   0: 0100007F:1F90 00000000:0000 0A 0", 8080, true)]
    [InlineData("   0: 0000000000000000FFFF00000100007F:1F90 00000000000000000000000000000000:0000 0A 0", 8080, true)]
    [InlineData("   0: 0200A8C0:0050 00000000:0000 0A 0", 80, false)]
    public void Parse_OneListener_PortAndLoopback(string line, int port, bool loopback) =>
        Assert.Equal([new ListeningSocket(port, loopback)], ListeningSockets.Parse(line));

    [Fact]
    public void Parse_DockersEmbeddedDns_IsNotTheApp() =>
        Assert.Empty(ListeningSockets.Parse("   0: 0B00007F:89E1 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1 1"));

    [Theory]
    [InlineData("")]
    [InlineData("garbage")]
    [InlineData("   0: 0100007F:ZZZZ 00000000:0000 0A 0")]
    [InlineData("   0: 0100007F:1F90 00000000:0000 06 0")]
    public void Parse_NothingListening_Empty(string table) => Assert.Empty(ListeningSockets.Parse(table));

    [Fact]
    public void Read_NoSuchProcess_Null()
    {
        using var dir = new TempDir();
        Assert.Null(ListeningSockets.Read(4242, dir.Path));
        Assert.Null(ListeningSockets.Read(0, dir.Path));
    }

    [Fact]
    public void Read_ProcTablesOfThePid_Parsed()
    {
        using var dir = new TempDir();
        Directory.CreateDirectory(Path.Combine(dir.Path, "77", "net"));
        File.WriteAllText(Path.Combine(dir.Path, "77", "net", "tcp"), Tcp);

        Assert.Equal([3000, 9000], ListeningSockets.Read(77, dir.Path)!.Select(s => s.Port));
    }

    [Theory]
    [InlineData(5000, "3000", "the app listens on 3000, but hiy checks $PORT=5000: listen on $PORT (or set the app's port to 3000)")]
    [InlineData(5000, "", "nothing in the container listens on a TCP port, but hiy checks $PORT=5000: listen on $PORT")]
    [InlineData(5000, "5000lo", "the app listens on 127.0.0.1:5000 only, which hiy cannot reach from outside the container: listen on 0.0.0.0:$PORT")]
    [InlineData(5000, "5000", "the app listens on 5000 ($PORT) but did not answer the check in time")]
    [InlineData(5000, null, "hiy checks $PORT=5000 (what the app listens on could not be seen)")]
    public void PortHint_WhatTheAppListensOn_NamesBothPorts(int port, string? listening, string expected)
    {
        var sockets = listening is null ? null
            : listening.Split(',', StringSplitOptions.RemoveEmptyEntries)
                .Select(p => new ListeningSocket(int.Parse(p.Replace("lo", "", StringComparison.Ordinal), System.Globalization.CultureInfo.InvariantCulture), p.EndsWith("lo", StringComparison.Ordinal)))
                .ToArray();

        Assert.Equal(expected, HealthCheck.PortHint(port, sockets));
    }
}
