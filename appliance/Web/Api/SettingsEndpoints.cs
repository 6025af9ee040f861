using System.Security.Cryptography;
using Hiy.Acme;
using Hiy.Config;
using Hiy.Store;

namespace Hiy.Web.Api;

/// <summary>/api/v1/settings: what the wizard set, changed later; the webhook secret; a Cloudflare token test.</summary>
public sealed class SettingsEndpoints(
    SettingsRepository settings,
    HiyDatabase db,
    SetupState setup,
    HiyConfig config,
    CertificateManager certificates,
    CloudflareTokenCheck cloudflare,
    ILogger<SettingsEndpoints> log)
{
    public Task GetAsync(HttpContext ctx) => HttpResults.Json(ctx, View(ctx), ApiJsonContext.Default.SettingsView);

    public async Task PatchAsync(HttpContext ctx)
    {
        var body = await JsonBody.ReadAsync(ctx, ApiJsonContext.Default.SettingsRequest);
        if (!body.Ok)
            return;
        var r = body.Value!;
        var storedToken = settings.GetSecret(SettingsRepository.CloudflareApiToken);
        var storedZone = settings.Get(SettingsRepository.CloudflareZoneId);
        var errors = SettingsPatch.Validate(r, setup.Domain, storedToken, storedZone);
        if (errors.Count > 0)
        {
            await HttpResults.Invalid(ctx, 422, "Invalid settings", errors);
            return;
        }

        var changed = new List<string>();
        var applied = new Dictionary<string, string>(StringComparer.Ordinal);
        var domain = r.Domain is null ? null : SetupValidator.NormaliseDomain(r.Domain);
        db.Write((c, tx) =>
        {
            if (domain is not null && domain != setup.Domain)
            {
                settings.Set(c, tx, SettingsRepository.Domain, domain);
                changed.Add("domain");
                applied["domain"] = $"now: apps answer on <app>.{domain} and the dashboard on hiy.{domain}; the certificate for *.{domain} " +
                    "is ordered now (its DNS records must point at this appliance)";
            }
            if (r.AcmeEmail is { } email && email.Trim() != (settings.Get(SettingsRepository.AcmeEmail) ?? ""))
            {
                if (email.Trim().Length == 0)
                    settings.Remove(c, tx, SettingsRepository.AcmeEmail);
                else
                    settings.Set(c, tx, SettingsRepository.AcmeEmail, email.Trim());
                changed.Add("acme_email");
                applied["acme_email"] = "from the next certificate order, which is checked for now";
            }
            if (r.CloudflareApiToken is { } token && token.Trim() != (storedToken ?? ""))
            {
                if (token.Trim().Length == 0)
                    settings.Remove(c, tx, SettingsRepository.CloudflareApiToken);
                else
                    settings.SetSecret(c, tx, SettingsRepository.CloudflareApiToken, token.Trim());
                changed.Add("cloudflare_api_token");
                applied["cloudflare_api_token"] = "from the next DNS-01 order (the wildcard certificate), which is checked for now";
            }
            if (r.CloudflareZoneId is { } zone && zone.Trim().ToLowerInvariant() != (storedZone ?? ""))
            {
                if (zone.Trim().Length == 0)
                    settings.Remove(c, tx, SettingsRepository.CloudflareZoneId);
                else
                    settings.Set(c, tx, SettingsRepository.CloudflareZoneId, zone.Trim().ToLowerInvariant());
                changed.Add("cloudflare_zone_id");
                applied["cloudflare_zone_id"] = "from the next DNS-01 order (the wildcard certificate), which is checked for now";
            }
        });
        if (changed.Count > 0)
            WebLog.SettingsChanged(log, string.Join(", ", changed), ClientAddress.Of(ctx));
        if (changed.Contains("domain"))
            setup.ChangeDomain(domain!); // routes re-published, certificates checked (the composition root's handlers)
        else if (changed.Count > 0)
            certificates.CheckNow();
        await HttpResults.Json(ctx, View(ctx) with { Changed = changed, Applied = applied }, ApiJsonContext.Default.SettingsView);
    }

    /// <summary>A new random webhook secret, stored sealed and shown this once; GitHub's hook must be given it.</summary>
    public Task RotateWebhookSecretAsync(HttpContext ctx)
    {
        var secret = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        settings.SetSecret(SettingsRepository.GithubWebhookSecret, secret);
        WebLog.SettingsChanged(log, "github_webhook_secret", ClientAddress.Of(ctx));
        ctx.Response.Headers.CacheControl = "no-store";
        return HttpResults.Json(ctx, new WebhookSecretView(secret), ApiJsonContext.Default.WebhookSecretView);
    }

    /// <summary>The explicit reveal; 404 naming the setting while none is set.</summary>
    public Task GetWebhookSecretAsync(HttpContext ctx)
    {
        if (settings.GetSecret(SettingsRepository.GithubWebhookSecret) is not { } secret)
        {
            return HttpResults.Problem(ctx, 404, "No webhook secret", "no GitHub webhook secret is set; POST /api/v1/settings/webhook-secret makes one",
                new Dictionary<string, string> { ["github_webhook_secret"] = "is not set" });
        }
        ctx.Response.Headers.CacheControl = "no-store";
        return HttpResults.Json(ctx, new WebhookSecretView(secret), ApiJsonContext.Default.WebhookSecretView);
    }

    /// <summary>Tests a token (the given one, else the stored one) against Cloudflare; 200 with the verdict, also when unreachable.</summary>
    public async Task VerifyCloudflareAsync(HttpContext ctx)
    {
        string? token = null;
        if (ctx.Request.ContentLength is > 0 || ctx.Request.Headers.TransferEncoding.Count > 0)
        {
            var body = await JsonBody.ReadAsync(ctx, ApiJsonContext.Default.CloudflareVerifyRequest);
            if (!body.Ok)
                return;
            token = body.Value!.CloudflareApiToken;
        }
        token = string.IsNullOrWhiteSpace(token) ? settings.GetSecret(SettingsRepository.CloudflareApiToken) : token.Trim();
        if (token is null)
        {
            await HttpResults.Problem(ctx, 400, "Bad request", "cloudflare_api_token is required: none is stored to test",
                new Dictionary<string, string> { ["cloudflare_api_token"] = "is required (none is stored)" });
            return;
        }
        await WriteVerdictAsync(ctx, cloudflare, token);
    }

    public static async Task WriteVerdictAsync(HttpContext ctx, CloudflareTokenCheck cloudflare, string token)
    {
        var verdict = await cloudflare.VerifyAsync(token, ctx.RequestAborted);
        await HttpResults.Json(ctx, new CloudflareVerifyView(verdict.Ok, verdict.Status, verdict.Detail), ApiJsonContext.Default.CloudflareVerifyView);
    }

    private SettingsView View(HttpContext ctx)
    {
        var control = ControlUrls.Base(ctx.Request.Scheme, ctx.Request.Host.ToUriComponent());
        return new SettingsView(
            setup.Domain,
            settings.Get(SettingsRepository.AcmeEmail),
            config.AcmeDirectoryUrl,
            new CloudflareSettingsView(settings.GetSecret(SettingsRepository.CloudflareApiToken) is not null, settings.Get(SettingsRepository.CloudflareZoneId)),
            new GithubWebhookView(control is null ? null : ControlUrls.GithubWebhook(control),
                settings.GetSecret(SettingsRepository.GithubWebhookSecret) is not null));
    }
}
