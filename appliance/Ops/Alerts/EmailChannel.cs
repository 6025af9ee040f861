namespace Hiy.Ops.Alerts;

/// <summary>E-mail through the configured SMTP server (<see cref="SmtpSender"/>).</summary>
public sealed class EmailChannel(SmtpSender smtp) : IAlertChannel
{
    public string Name => "email";

    public Task SendAsync(AlertMessage message, CancellationToken ct) => smtp.SendAsync(message, ct);
}
