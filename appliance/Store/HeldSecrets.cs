namespace Hiy.Store;

/// <summary>
/// Every secret hiy holds in clear, for the redactors: each app's env values, the Cloudflare token, the webhook
/// secret and the alert channels' secrets from the settings, and the secrets that live outside the store (the setup code). One list, so a build log
/// and the support bundle mask the same things; a build that prints the Cloudflare token does not store it.
/// API tokens are not here: hiy keeps only their hashes.
/// </summary>
public sealed class HeldSecrets(AppRepository apps, EnvRepository env, SettingsRepository settings, IReadOnlyList<string> outsideStore)
{
    public IReadOnlyList<string> All()
    {
        var secrets = new List<string>(outsideStore);
        foreach (var key in new[] { SettingsRepository.CloudflareApiToken, SettingsRepository.GithubWebhookSecret,
                     SettingsRepository.AlertWebhookUrl, SettingsRepository.AlertTelegramToken, SettingsRepository.AlertSmtpPassword })
        {
            if (settings.GetSecret(key) is { } s)
                secrets.Add(s);
        }
        foreach (var app in apps.List())
            secrets.AddRange(env.Get(app.Id, app.Name).Values);
        return secrets;
    }
}
