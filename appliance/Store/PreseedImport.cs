using Hiy.Config;

namespace Hiy.Store;

/// <summary>
/// Secrets from the boot partition's pre-seed (<c>hiy.toml</c> on the FAT, moved by first boot to
/// <c>&lt;data_dir&gt;/preseed/secrets.toml</c>, mode 0600): sealed into the settings on start, then the
/// file is deleted so no clear-text copy stays on disk.
/// </summary>
public static class PreseedImport
{
    public static readonly IReadOnlyDictionary<string, string> SecretKeys = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["cloudflare_api_token"] = SettingsRepository.CloudflareApiToken,
        ["github_webhook_secret"] = SettingsRepository.GithubWebhookSecret,
    };

    /// <summary>Imports and deletes the file when present; returns the settings imported.</summary>
    public static IReadOnlyList<string> Apply(string dataDir, SettingsRepository settings)
    {
        var dir = Path.Combine(dataDir, "preseed");
        var file = Path.Combine(dir, "secrets.toml");
        if (!File.Exists(file))
            return [];
        var parsed = TomlDocument.Parse(File.ReadAllBytes(file), file);
        if (parsed.Table is not { } table)
            throw new StoreException($"pre-seed {string.Join("; ", parsed.Errors)}");
        var imported = new List<string>();
        foreach (var (key, value) in table)
        {
            if (SecretKeys.TryGetValue(key, out var setting) && value is string s && s.Length > 0)
            {
                settings.SetSecret(setting, s.Trim());
                imported.Add(setting);
            }
        }
        File.Delete(file);
        if (!Directory.EnumerateFileSystemEntries(dir).Any())
            Directory.Delete(dir);
        return imported;
    }
}
