namespace Hiy.Ops.Alerts;

/// <summary>
/// Where alerts go. A channel is configured when its required fields are set: the webhook by its URL, Telegram by its bot
/// token and chat, e-mail by its host, sender and recipients. The webhook URL (Slack's and Discord's carry their secret in
/// the path), the bot token and the SMTP password are sealed in the settings and never returned.
/// </summary>
public sealed record AlertSettings
{
    public const string DefaultTelegramBase = "https://api.telegram.org";

    public string? WebhookUrl { get; init; }
    public string TelegramBaseUrl { get; init; } = DefaultTelegramBase;
    public string? TelegramToken { get; init; }
    public string? TelegramChatId { get; init; }
    public string? SmtpHost { get; init; }
    public int SmtpPort { get; init; } = 587;
    /// <summary>none, starttls (upgrade after EHLO, RFC 3207) or tls (TLS from the first byte, port 465).</summary>
    public string SmtpSecurity { get; init; } = "starttls";
    public string? SmtpFrom { get; init; }
    /// <summary>One or more addresses, comma-separated.</summary>
    public string? SmtpTo { get; init; }
    public string? SmtpUsername { get; init; }
    public string? SmtpPassword { get; init; }

    public bool WebhookConfigured => !string.IsNullOrEmpty(WebhookUrl);
    public bool TelegramConfigured => !string.IsNullOrEmpty(TelegramToken) && !string.IsNullOrEmpty(TelegramChatId);
    public bool SmtpConfigured => !string.IsNullOrEmpty(SmtpHost) && !string.IsNullOrEmpty(SmtpFrom) && !string.IsNullOrEmpty(SmtpTo);

    public IReadOnlyList<string> Recipients() =>
        (SmtpTo ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
}
