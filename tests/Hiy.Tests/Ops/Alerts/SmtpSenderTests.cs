using System.Net;
using System.Net.Sockets;
using Hiy.Ops;
using Hiy.Ops.Alerts;

namespace Hiy.Tests.Ops.Alerts;

public class SmtpSenderTests
{
    private static AlertSettings Settings(int port) => new()
    {
        SmtpHost = "127.0.0.1", SmtpPort = port, SmtpSecurity = "none", SmtpFrom = "hiy@example.com", SmtpTo = "a@example.com",
    };

    [Fact]
    public async Task SendAsync_LinesStartingWithDots_ArriveUnchangedAfterDotStuffing()
    {
        await using var sink = new SmtpSink();
        var text = ".a line that starts with a dot\n..and two\n.\nplain; ünïcode";
        await new SmtpSender(Settings(sink.Port), new ManualTimeProvider()).SendAsync(new AlertMessage("hiy: ünïcode title", text), default);

        var mail = Assert.Single(sink.Messages);
        var body = mail.Data[(mail.Data.IndexOf("\r\n\r\n", StringComparison.Ordinal) + 4)..];
        Assert.Equal(text.Replace("\n", "\r\n") + "\r\n", body);
        Assert.Equal(["=?utf-8?B?aGl5OiDDvG7Dr2NvZGUgdGl0bGU=?="], sink.Subjects());
        Assert.DoesNotContain(mail.Commands, c => c.StartsWith("AUTH", StringComparison.Ordinal)); // no user name: no AUTH
        Assert.Equal(["EHLO hiy", "MAIL FROM:<hiy@example.com>", "RCPT TO:<a@example.com>", "DATA"], mail.Commands);
    }

    [Fact]
    public async Task SendAsync_NothingListening_OpsExceptionNamingTheServer()
    {
        int port;
        using (var l = new TcpListener(IPAddress.Loopback, 0))
        {
            l.Start();
            port = ((IPEndPoint)l.LocalEndpoint).Port;
        }
        var e = await Assert.ThrowsAsync<OpsException>(() =>
            new SmtpSender(Settings(port), new ManualTimeProvider()).SendAsync(new AlertMessage("t", "x"), default));
        Assert.StartsWith($"smtp 127.0.0.1:{port}:", e.Message);
    }
}
