using System.Globalization;
using Hiy.Store;

namespace Hiy.Ops.Alerts;

/// <summary>The alert channels' settings in the settings table; secrets sealed like the Cloudflare token.</summary>
public sealed class AlertSettingsStore(HiyDatabase db, SettingsRepository settings)
{
    public const string WebhookUrl = SettingsRepository.AlertWebhookUrl;
    public const string TelegramBaseUrl = "alert_telegram_base_url";
    public const string TelegramToken = SettingsRepository.AlertTelegramToken;
    public const string TelegramChatId = "alert_telegram_chat_id";
    public const string SmtpHost = "alert_smtp_host";
    public const string SmtpPort = "alert_smtp_port";
    public const string SmtpSecurity = "alert_smtp_security";
    public const string SmtpFrom = "alert_smtp_from";
    public const string SmtpTo = "alert_smtp_to";
    public const string SmtpUsername = "alert_smtp_username";
    public const string SmtpPassword = SettingsRepository.AlertSmtpPassword;

    public AlertSettings Load() => new()
    {
        WebhookUrl = settings.GetSecret(WebhookUrl),
        TelegramBaseUrl = settings.Get(TelegramBaseUrl) ?? AlertSettings.DefaultTelegramBase,
        TelegramToken = settings.GetSecret(TelegramToken),
        TelegramChatId = settings.Get(TelegramChatId),
        SmtpHost = settings.Get(SmtpHost),
        SmtpPort = int.TryParse(settings.Get(SmtpPort), NumberStyles.None, CultureInfo.InvariantCulture, out var port) ? port : 587,
        SmtpSecurity = settings.Get(SmtpSecurity) ?? "starttls",
        SmtpFrom = settings.Get(SmtpFrom),
        SmtpTo = settings.Get(SmtpTo),
        SmtpUsername = settings.Get(SmtpUsername),
        SmtpPassword = settings.GetSecret(SmtpPassword),
    };

    /// <summary>Writes every field of <paramref name="next"/> in one transaction; an empty or default value removes its row.</summary>
    public void Save(AlertSettings next) => db.Write((c, tx) =>
    {
        void Put(string key, string? value, bool secret)
        {
            if (string.IsNullOrEmpty(value))
                settings.Remove(c, tx, key);
            else if (secret)
                settings.SetSecret(c, tx, key, value);
            else
                settings.Set(c, tx, key, value);
        }
        Put(WebhookUrl, next.WebhookUrl, secret: true);
        Put(TelegramBaseUrl, next.TelegramBaseUrl == AlertSettings.DefaultTelegramBase ? null : next.TelegramBaseUrl, secret: false);
        Put(TelegramToken, next.TelegramToken, secret: true);
        Put(TelegramChatId, next.TelegramChatId, secret: false);
        Put(SmtpHost, next.SmtpHost, secret: false);
        Put(SmtpPort, next.SmtpPort.ToString(CultureInfo.InvariantCulture), secret: false);
        Put(SmtpSecurity, next.SmtpSecurity, secret: false);
        Put(SmtpFrom, next.SmtpFrom, secret: false);
        Put(SmtpTo, next.SmtpTo, secret: false);
        Put(SmtpUsername, next.SmtpUsername, secret: false);
        Put(SmtpPassword, next.SmtpPassword, secret: true);
    });
}
