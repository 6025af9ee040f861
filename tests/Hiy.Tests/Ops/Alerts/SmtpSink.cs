using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Hiy.Tests.Ops.Alerts;

/// <summary>
/// A tiny SMTP server on 127.0.0.1 (a free port) that accepts every message: greeting, EHLO (multi-line), AUTH PLAIN,
/// MAIL, RCPT, DATA up to the lone dot (dot-stuffing undone, RFC 5321 §4.5.2), QUIT. It records each session's commands
/// and each message as received.
/// </summary>
public sealed class SmtpSink : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public SmtpSink()
    {
        _listener.Start();
        _loop = Task.Run(AcceptAsync);
    }

    public sealed record Message(string From, IReadOnlyList<string> To, string Data, IReadOnlyList<string> Commands);

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;
    public ConcurrentQueue<Message> Messages { get; } = new();

    /// <summary>The subject header of each message received, in order.</summary>
    public IReadOnlyList<string> Subjects() =>
        Messages.Select(m => m.Data.Split("\r\n").First(l => l.StartsWith("Subject: ", StringComparison.Ordinal))["Subject: ".Length..]).ToList();

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            _ = Task.Run(() => ServeAsync(client));
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using var _ = client;
        var stream = client.GetStream();
        using var reader = new StreamReader(stream, Encoding.UTF8);
        async Task Say(string line) => await stream.WriteAsync(Encoding.UTF8.GetBytes(line + "\r\n"));
        await Say("220 sink.test ESMTP ready");
        string? from = null;
        var to = new List<string>();
        var commands = new List<string>();
        while (await reader.ReadLineAsync() is { } line)
        {
            commands.Add(line);
            var verb = line.Split(' ')[0].ToUpperInvariant();
            switch (verb)
            {
                case "EHLO":
                    await Say("250-sink.test greets you");
                    await Say("250-AUTH PLAIN");
                    await Say("250 8BITMIME");
                    break;
                case "AUTH":
                    await Say("235 2.7.0 accepted");
                    break;
                case "MAIL":
                    from = line["MAIL FROM:".Length..].Trim('<', '>');
                    await Say("250 2.1.0 ok");
                    break;
                case "RCPT":
                    to.Add(line["RCPT TO:".Length..].Trim('<', '>'));
                    await Say("250 2.1.5 ok");
                    break;
                case "DATA":
                    await Say("354 end with <CRLF>.<CRLF>");
                    var data = new StringBuilder();
                    while (await reader.ReadLineAsync() is { } d && d != ".")
                        data.Append(d.StartsWith("..", StringComparison.Ordinal) ? d[1..] : d).Append("\r\n");
                    Messages.Enqueue(new Message(from!, to.ToList(), data.ToString(), commands.ToList()));
                    await Say("250 2.0.0 queued");
                    break;
                case "QUIT":
                    await Say("221 2.0.0 bye");
                    return;
                default:
                    await Say("502 5.5.2 not implemented");
                    break;
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        _listener.Stop();
        try
        {
            await _loop;
        }
        catch (ObjectDisposedException)
        {
        }
        _stop.Dispose();
    }
}
