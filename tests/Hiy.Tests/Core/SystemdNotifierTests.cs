using System.Net.Sockets;
using System.Text;
using Hiy.Core;

namespace Hiy.Tests.Core;

public class SystemdNotifierTests
{
    [Theory]
    [InlineData("30000000", null, 15_000)]
    [InlineData("30000000", "42", 15_000)]
    [InlineData("30000000", "43", null)]
    [InlineData("0", null, null)]
    [InlineData(null, null, null)]
    [InlineData("abc", null, null)]
    public void WatchdogInterval_HalfThePeriodForThisPid(string? usec, string? pid, int? expectedMs) =>
        Assert.Equal(expectedMs is { } ms ? TimeSpan.FromMilliseconds(ms) : null, SystemdNotifier.WatchdogInterval(usec, pid, 42));

    [Fact]
    public void Ready_WithNotifySocket_SendsReadyThenWatchdog()
    {
        using var dir = new TempDir();
        var path = dir.File("notify.sock");
        using var server = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
        server.Bind(new UnixDomainSocketEndPoint(path));
        server.ReceiveTimeout = 5000;
        var env = new Dictionary<string, string?> { ["NOTIFY_SOCKET"] = path, ["WATCHDOG_USEC"] = "200000" };
        using var notifier = new SystemdNotifier(k => env.GetValueOrDefault(k));
        Assert.True(notifier.Enabled);
        notifier.Ready("serving");
        var buffer = new byte[512];
        var first = Encoding.UTF8.GetString(buffer, 0, server.Receive(buffer));
        Assert.StartsWith("READY=1\nSTATUS=serving", first);
        Assert.Equal("WATCHDOG=1", Encoding.UTF8.GetString(buffer, 0, server.Receive(buffer)));
        notifier.Stopping();
        string last;
        do last = Encoding.UTF8.GetString(buffer, 0, server.Receive(buffer)); while (last == "WATCHDOG=1");
        Assert.Equal("STOPPING=1", last);
    }

    [Fact]
    public void Ready_WithoutSystemd_DoesNothing()
    {
        using var notifier = new SystemdNotifier(_ => null);
        Assert.False(notifier.Enabled);
        notifier.Ready("x");
        notifier.Stopping();
    }
}
