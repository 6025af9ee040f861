namespace Hiy.Web.Api;

/// <summary>
/// The checks on PATCH /api/v1/settings: exactly setup's rules (<see cref="SetupValidator"/>), run on the settings as they
/// would be after the change (a zone id alone pairs with the stored token, and the other way round), and reported only
/// for the fields the request touches or pairs.
/// </summary>
public static class SettingsPatch
{
    private static readonly string[] Fields = ["domain", "acme_email", "cloudflare_api_token", "cloudflare_zone_id"];

    public static Dictionary<string, string> Validate(SettingsRequest r, string currentDomain, string? storedToken, string? storedZone)
    {
        var after = new SetupRequest
        {
            AdminPassword = new string('x', SetupValidator.MinPasswordLength), // not part of a settings change
            Domain = r.Domain ?? currentDomain,
            AcmeEmail = r.AcmeEmail,
            CloudflareApiToken = r.CloudflareApiToken ?? storedToken,
            CloudflareZoneId = r.CloudflareZoneId ?? storedZone,
        };
        var errors = SetupValidator.Validate(after);
        return errors.Where(e => Fields.Contains(e.Key)).ToDictionary(e => e.Key, e => e.Value, StringComparer.Ordinal);
    }
}
