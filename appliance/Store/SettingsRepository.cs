using Hiy.Secrets;

namespace Hiy.Store;

/// <summary>Key/value settings; secrets are sealed with the master key, bound to their key name.</summary>
public sealed class SettingsRepository(HiyDatabase db, SecretBox secrets, TimeProvider time)
{
    public const string SetupCompletedAt = "setup_completed_at";
    public const string Domain = "domain";
    public const string AcmeEmail = "acme_email";
    public const string CloudflareApiToken = "cloudflare_api_token";
    public const string CloudflareZoneId = "cloudflare_zone_id";
    public const string GithubWebhookSecret = "github_webhook_secret";
    public const string Timezone = "timezone";
    public const string AlertWebhookUrl = "alert_webhook_url";
    public const string AlertTelegramToken = "alert_telegram_token";
    public const string AlertSmtpPassword = "alert_smtp_password";

    public string? Get(string key) =>
        db.Read(c => c.Command("SELECT value FROM settings WHERE key = $k").With("$k", key).ExecuteScalar() as string);

    public string? GetSecret(string key)
    {
        var blob = db.Read(c => c.Command("SELECT secret FROM settings WHERE key = $k").With("$k", key).ExecuteScalar() as byte[]);
        return blob is null ? null : secrets.OpenString(blob, Purpose(key));
    }

    public void Set(string key, string value) => db.Write((c, tx) => Set(c, tx, key, value));

    public void SetSecret(string key, string value) => db.Write((c, tx) => SetSecret(c, tx, key, value));

    /// <summary>Inside a caller's write transaction.</summary>
    public void Set(Microsoft.Data.Sqlite.SqliteConnection c, Microsoft.Data.Sqlite.SqliteTransaction tx, string key, string value) =>
        Upsert(c, tx, key, value, null);

    public void SetSecret(Microsoft.Data.Sqlite.SqliteConnection c, Microsoft.Data.Sqlite.SqliteTransaction tx, string key, string value) =>
        Upsert(c, tx, key, null, secrets.Seal(value, Purpose(key)));

    /// <summary>Removes a setting (a cleared e-mail or Cloudflare token), inside a caller's write transaction.</summary>
    public void Remove(Microsoft.Data.Sqlite.SqliteConnection c, Microsoft.Data.Sqlite.SqliteTransaction tx, string key) =>
        c.Command("DELETE FROM settings WHERE key = $k", tx).With("$k", key).ExecuteNonQuery();

    private void Upsert(Microsoft.Data.Sqlite.SqliteConnection c, Microsoft.Data.Sqlite.SqliteTransaction tx, string key, string? value, byte[]? secret) =>
        c.Command("""
            INSERT INTO settings(key, value, secret, updated_at) VALUES ($k, $v, $s, $t)
            ON CONFLICT(key) DO UPDATE SET value = excluded.value, secret = excluded.secret, updated_at = excluded.updated_at
            """, tx).With("$k", key).With("$v", value).With("$s", secret).With("$t", Clock.Format(time.GetUtcNow())).ExecuteNonQuery();

    internal static string Purpose(string key) => "setting:" + key;
}
