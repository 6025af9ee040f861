using System.Security.Cryptography;
using System.Text;
using Hiy.Store;
using Hiy.Web.Auth;

namespace Hiy.Web.Api;

/// <summary>GET/POST /api/v1/setup: the first-run wizard's API (API.md "First run").</summary>
public sealed class SetupEndpoints(
    SetupState state,
    HiyDatabase db,
    SettingsRepository settings,
    AuthRepository auth,
    AttemptThrottle throttle,
    SetupCode setupCode,
    TimeProvider time,
    ILogger<SetupEndpoints> log)
{
    public const string AdminUser = "admin";
    public const string SetupTokenName = "setup";

    public Task GetAsync(HttpContext ctx) =>
        HttpResults.Json(ctx, new SetupStatusResponse(state.Completed, SetupCodeRequired: true, state.Domain),
            ApiJsonContext.Default.SetupStatusResponse);

    public async Task PostAsync(HttpContext ctx)
    {
        if (state.Completed)
        {
            await HttpResults.Problem(ctx, 409, "Setup already completed", "the appliance is already set up; sign in with POST /api/v1/auth/token");
            return;
        }
        var client = ClientAddress.Of(ctx);
        if (await HttpResults.RejectThrottledAsync(ctx, throttle, client, "wrong setup codes"))
            return;
        var body = await JsonBody.ReadAsync(ctx, ApiJsonContext.Default.SetupRequest);
        if (!body.Ok)
            return;
        var request = body.Value!;

        if (!CodeMatches(request.SetupCode, setupCode.Value))
        {
            throttle.Failure(client);
            WebLog.AuthFailure(log, client, request.SetupCode is null ? "setup code missing" : "wrong setup code");
            await HttpResults.Problem(ctx, 403, "Wrong setup code",
                setupCode.Generated
                    ? "setup_code does not match the code hiy printed in its log when it started (journalctl -u hiy, or the console of hiy serve)"
                    : "setup_code does not match the code printed when the image was built (also in hiy.toml on the boot partition)");
            return;
        }
        var errors = SetupValidator.Validate(request);
        if (errors.Count > 0)
        {
            await HttpResults.Invalid(ctx, 422, "Invalid setup", errors);
            return;
        }

        var domain = SetupValidator.NormaliseDomain(request.Domain!);
        var passwordHash = PasswordHasher.Hash(request.AdminPassword!);
        var token = ApiTokens.New();
        long tokenId = 0;
        var done = db.Write((c, tx) =>
        {
            // Checked again inside the write: two browsers racing through the wizard get one winner.
            if (c.Command("SELECT 1 FROM settings WHERE key = $k", tx).With("$k", SettingsRepository.SetupCompletedAt).ExecuteScalar() is not null)
                return false;
            var userId = auth.CreateUser(c, tx, AdminUser, passwordHash);
            tokenId = auth.AddToken(c, tx, userId, ApiTokens.Hash(token), SetupTokenName);
            settings.Set(c, tx, SettingsRepository.Domain, domain);
            if (request.AcmeEmail is { Length: > 0 } email)
                settings.Set(c, tx, SettingsRepository.AcmeEmail, email.Trim());
            if (request.CloudflareApiToken is { Length: > 0 } cf)
                settings.SetSecret(c, tx, SettingsRepository.CloudflareApiToken, cf.Trim());
            if (request.CloudflareZoneId is { Length: > 0 } zone)
                settings.Set(c, tx, SettingsRepository.CloudflareZoneId, zone.Trim().ToLowerInvariant());
            if (request.GithubWebhookSecret is { Length: > 0 } hook)
                settings.SetSecret(c, tx, SettingsRepository.GithubWebhookSecret, hook);
            if (request.Timezone is { Length: > 0 } tz)
                settings.Set(c, tx, SettingsRepository.Timezone, tz);
            settings.Set(c, tx, SettingsRepository.SetupCompletedAt, Clock.Format(time.GetUtcNow()));
            return true;
        });
        if (!done)
        {
            await HttpResults.Problem(ctx, 409, "Setup already completed", "the appliance was set up by another request");
            return;
        }
        throttle.Success(client);
        state.MarkCompleted(domain);
        WebLog.SetupCompleted(log, domain, client);
        await HttpResults.Json(ctx, new TokenResponse(token, tokenId, SetupTokenName), ApiJsonContext.Default.TokenResponse);
    }

    /// <summary>Whether <paramref name="given"/> passes the setup-code check (for the wizard's other pre-setup routes).</summary>
    public bool SetupCodeAccepted(string? given) => CodeMatches(given, setupCode.Value); // setup always has a code (hostile)

    private static bool CodeMatches(string? given, string expected) =>
        given is not null && CryptographicOperations.FixedTimeEquals(
            SHA256.HashData(Encoding.UTF8.GetBytes(given.Trim())), SHA256.HashData(Encoding.UTF8.GetBytes(expected)));
}
