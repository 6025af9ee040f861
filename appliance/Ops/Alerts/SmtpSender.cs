using System.Globalization;
using System.Net.Security;
using System.Net.Sockets;
using System.Text;

namespace Hiy.Ops.Alerts;

/// <summary>
/// A minimal SMTP client (RFC 5321) for one plain-text message: EHLO, STARTTLS when asked (RFC 3207), AUTH PLAIN when a user
/// is set (RFC 4616), MAIL FROM, RCPT TO per recipient, DATA with dot-stuffing (§4.5.2), QUIT. Every reply is checked
/// against the code the step expects; a failure names the step and the server's line.
/// </summary>
public sealed class SmtpSender(AlertSettings settings, TimeProvider time)
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    public async Task SendAsync(AlertMessage message, CancellationToken ct)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(Timeout);
        using var tcp = new TcpClient();
        try
        {
            await tcp.ConnectAsync(settings.SmtpHost!, settings.SmtpPort, deadline.Token).ConfigureAwait(false);
            Stream stream = tcp.GetStream();
            if (settings.SmtpSecurity == "tls")
                stream = await StartTlsAsync(stream, deadline.Token).ConfigureAwait(false);
            var session = new Session(stream);
            await session.ExpectAsync("greeting", 220, deadline.Token).ConfigureAwait(false);
            await session.CommandAsync("EHLO hiy", "EHLO", 250, deadline.Token).ConfigureAwait(false);
            if (settings.SmtpSecurity == "starttls")
            {
                await session.CommandAsync("STARTTLS", "STARTTLS", 220, deadline.Token).ConfigureAwait(false);
                session = new Session(await StartTlsAsync(stream, deadline.Token).ConfigureAwait(false));
                await session.CommandAsync("EHLO hiy", "EHLO after STARTTLS", 250, deadline.Token).ConfigureAwait(false);
            }
            if (!string.IsNullOrEmpty(settings.SmtpUsername))
            {
                var plain = Convert.ToBase64String(Encoding.UTF8.GetBytes("\0" + settings.SmtpUsername + "\0" + settings.SmtpPassword));
                await session.CommandAsync("AUTH PLAIN " + plain, "AUTH", 235, deadline.Token).ConfigureAwait(false);
            }
            await session.CommandAsync($"MAIL FROM:<{settings.SmtpFrom}>", "MAIL FROM", 250, deadline.Token).ConfigureAwait(false);
            foreach (var to in settings.Recipients())
                await session.CommandAsync($"RCPT TO:<{to}>", "RCPT TO " + to, 250, deadline.Token, alsoOk: 251).ConfigureAwait(false);
            await session.CommandAsync("DATA", "DATA", 354, deadline.Token).ConfigureAwait(false);
            await session.CommandAsync(Content(message), "the message", 250, deadline.Token).ConfigureAwait(false);
            await session.CommandAsync("QUIT", "QUIT", 221, deadline.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is SocketException or IOException or System.Security.Authentication.AuthenticationException
            || e is OperationCanceledException && !ct.IsCancellationRequested)
        {
            throw new OpsException($"smtp {settings.SmtpHost}:{settings.SmtpPort}: {(e is OperationCanceledException ? "no answer within 30 s" : e.Message)}");
        }
    }

    /// <summary>The message after DATA: headers, a blank line, the body with CRLF lines and leading dots doubled, then ".".</summary>
    public string Content(AlertMessage message)
    {
        var sb = new StringBuilder();
        sb.Append("From: ").Append(settings.SmtpFrom).Append("\r\n");
        sb.Append("To: ").Append(string.Join(", ", settings.Recipients())).Append("\r\n");
        sb.Append("Subject: ").Append(HeaderText(message.Title)).Append("\r\n");
        sb.Append("Date: ").Append(time.GetUtcNow().ToString("ddd, dd MMM yyyy HH:mm:ss '+0000'", CultureInfo.InvariantCulture)).Append("\r\n");
        sb.Append("Message-ID: <").Append(Guid.NewGuid().ToString("N")).Append("@hiy>\r\n");
        sb.Append("MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n");
        foreach (var line in message.Text.ReplaceLineEndings("\n").Split('\n'))
            sb.Append(line.StartsWith('.') ? "." + line : line).Append("\r\n");
        return sb.Append('.').ToString();
    }

    /// <summary>A header value on one line; non-ASCII as an RFC 2047 encoded word.</summary>
    private static string HeaderText(string s)
    {
        var line = s.ReplaceLineEndings(" ");
        return line.All(char.IsAscii) ? line : "=?utf-8?B?" + Convert.ToBase64String(Encoding.UTF8.GetBytes(line)) + "?=";
    }

    private async Task<Stream> StartTlsAsync(Stream stream, CancellationToken ct)
    {
        var ssl = new SslStream(stream, leaveInnerStreamOpen: true);
        await ssl.AuthenticateAsClientAsync(new SslClientAuthenticationOptions { TargetHost = settings.SmtpHost }, ct).ConfigureAwait(false);
        return ssl;
    }

    /// <summary>Lines over one stream: commands out, replies in (a multi-line reply ends at "NNN " rather than "NNN-").</summary>
    private sealed class Session(Stream stream)
    {
        private readonly StreamReader _reader = new(stream, new UTF8Encoding(false), false, 1024, leaveOpen: true);

        public async Task CommandAsync(string command, string step, int expect, CancellationToken ct, int alsoOk = 0)
        {
            await stream.WriteAsync(Encoding.UTF8.GetBytes(command + "\r\n"), ct).ConfigureAwait(false);
            await stream.FlushAsync(ct).ConfigureAwait(false);
            await ExpectAsync(step, expect, ct, alsoOk).ConfigureAwait(false);
        }

        public async Task ExpectAsync(string step, int expect, CancellationToken ct, int alsoOk = 0)
        {
            string? line;
            do
            {
                line = await _reader.ReadLineAsync(ct).ConfigureAwait(false) ?? throw new IOException($"{step}: the server closed the connection");
            }
            while (line.Length > 3 && line[3] == '-');
            var code = line.Length >= 3 && int.TryParse(line.AsSpan(0, 3), NumberStyles.None, CultureInfo.InvariantCulture, out var c) ? c : 0;
            if (code != expect && (alsoOk == 0 || code != alsoOk))
                throw new IOException($"{step}: the server answered '{line}'");
        }
    }
}
