using Hiy.Core;

namespace Hiy.Web.Api;

/// <summary>Checks a setup request and collects every problem at once, keyed by field (DESIGN.md rule 4).</summary>
public static class SetupValidator
{
    public const int MinPasswordLength = 10;
    public const int MaxPasswordLength = 1024;

    public static Dictionary<string, string> Validate(SetupRequest r)
    {
        var errors = new Dictionary<string, string>(StringComparer.Ordinal);
        if (string.IsNullOrEmpty(r.AdminPassword))
            errors["admin_password"] = "is required";
        else if (r.AdminPassword.Length < MinPasswordLength)
            errors["admin_password"] = $"must be at least {MinPasswordLength} characters";
        else if (r.AdminPassword.Length > MaxPasswordLength)
            errors["admin_password"] = $"must be at most {MaxPasswordLength} characters";
        else if (r.AdminPassword.Any(char.IsControl))
            errors["admin_password"] = "must not contain control characters (NUL, tab, newline …): a browser or a CLI cannot type them back";

        if (string.IsNullOrWhiteSpace(r.Domain))
            errors["domain"] = "is required";
        else if (!DomainName.IsValid(NormaliseDomain(r.Domain)))
            errors["domain"] = $"'{r.Domain}' is not a valid domain name";
        else if (DomainName.LooksLikeAddress(NormaliseDomain(r.Domain)))
            errors["domain"] = $"'{r.Domain}' is an IP address; apps live at <app>.<domain>, so the domain must be a DNS name";

        if (r.AcmeEmail is { Length: > 0 } email && !LooksLikeEmail(email))
            errors["acme_email"] = $"'{email}' is not an e-mail address";

        var hasToken = !string.IsNullOrWhiteSpace(r.CloudflareApiToken);
        var hasZone = !string.IsNullOrWhiteSpace(r.CloudflareZoneId);
        if (hasToken && !hasZone)
            errors["cloudflare_zone_id"] = "is required with cloudflare_api_token";
        if (hasZone && !hasToken)
            errors["cloudflare_api_token"] = "is required with cloudflare_zone_id";
        if (hasZone && !IsHex(r.CloudflareZoneId!.Trim(), 32))
            errors["cloudflare_zone_id"] = "must be the 32-character zone id from the Cloudflare dashboard";
        if (hasToken && r.CloudflareApiToken!.Trim().Any(char.IsWhiteSpace))
            errors["cloudflare_api_token"] = "must not contain spaces";

        if (r.GithubWebhookSecret is { Length: > 0 and < 16 })
            errors["github_webhook_secret"] = "must be at least 16 characters";

        if (r.Timezone is { Length: > 0 } tz && !TimeZoneInfo.TryFindSystemTimeZoneById(tz, out _))
            errors["timezone"] = $"'{tz}' is not a known time zone (e.g. Europe/Berlin)";
        return errors;
    }

    public static string NormaliseDomain(string domain) => domain.Trim().TrimEnd('.').ToLowerInvariant();

    private static bool LooksLikeEmail(string s)
    {
        var at = s.IndexOf('@');
        return at > 0 && at == s.LastIndexOf('@') && at < s.Length - 3 && s.IndexOf('.', at) > at + 1
            && !s.Any(char.IsWhiteSpace) && s.Length <= 254;
    }

    private static bool IsHex(string s, int length) => s.Length == length && s.All(char.IsAsciiHexDigit);
}
