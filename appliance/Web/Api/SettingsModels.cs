using System.Text.Json.Serialization;

namespace Hiy.Web.Api;

/// <summary>
/// GET /api/v1/settings: what the wizard set, never a secret. PATCH answers the same with <c>changed</c> (the fields that
/// changed) and <c>applied</c> (per changed field, when and how it takes effect).
/// </summary>
public sealed record SettingsView(
    string Domain,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? AcmeEmail,
    string AcmeDirectoryUrl,
    CloudflareSettingsView Cloudflare,
    GithubWebhookView GithubWebhook,
    IReadOnlyList<string>? Changed = null,
    IReadOnlyDictionary<string, string>? Applied = null);

public sealed record CloudflareSettingsView(bool Configured, [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? ZoneId);

/// <summary>Where GitHub posts (on the host the caller used) and whether a secret is set to check its signature.</summary>
public sealed record GithubWebhookView([property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? Url, bool SecretConfigured);

/// <summary>PATCH /api/v1/settings: absent fields stay; <c>""</c> clears the e-mail, or the Cloudflare token with its zone.</summary>
public sealed record SettingsRequest
{
    public string? Domain { get; init; }
    public string? AcmeEmail { get; init; }
    public string? CloudflareApiToken { get; init; }
    public string? CloudflareZoneId { get; init; }
}

/// <summary>The webhook secret, shown when rotated and on the explicit reveal.</summary>
public sealed record WebhookSecretView(string Secret);

/// <summary>POST /api/v1/settings/cloudflare/verify: a token to test, or none for the stored one.</summary>
public sealed record CloudflareVerifyRequest
{
    public string? CloudflareApiToken { get; init; }
}

/// <summary>POST /api/v1/setup/cloudflare-verify: the wizard's test, before setup, behind the setup code.</summary>
public sealed record SetupCloudflareVerifyRequest
{
    public string? SetupCode { get; init; }
    public string? CloudflareApiToken { get; init; }
}

/// <summary>Cloudflare's verdict on a token (Acme/CloudflareTokenCheck); 200 whatever it is, also when Cloudflare is unreachable.</summary>
public sealed record CloudflareVerifyView(bool Ok, string Status, string Detail);
