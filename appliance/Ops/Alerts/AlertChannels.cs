namespace Hiy.Ops.Alerts;

/// <summary>The configured channels, built from the settings as they are now (a PUT applies to the next message).</summary>
public sealed class AlertChannels(HttpClient http, TimeProvider time)
{
    public static readonly TimeSpan HttpTimeout = TimeSpan.FromSeconds(15);

    public IReadOnlyList<IAlertChannel> From(AlertSettings s)
    {
        var channels = new List<IAlertChannel>();
        if (s.WebhookConfigured && Uri.TryCreate(s.WebhookUrl, UriKind.Absolute, out var webhook))
            channels.Add(new WebhookChannel(http, webhook));
        if (s.TelegramConfigured && Uri.TryCreate(s.TelegramBaseUrl, UriKind.Absolute, out var telegram))
            channels.Add(new TelegramChannel(http, telegram, s.TelegramToken!, s.TelegramChatId!));
        if (s.SmtpConfigured)
            channels.Add(new EmailChannel(new SmtpSender(s, time)));
        return channels;
    }

    /// <summary>The HTTP client the webhook and Telegram share; <paramref name="handler"/> lets a test hand in its own.</summary>
    public static HttpClient CreateHttpClient(HttpMessageHandler? handler = null) =>
        new(handler ?? new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false, PooledConnectionIdleTimeout = TimeSpan.FromSeconds(30) })
        {
            Timeout = HttpTimeout,
        };
}
