using Hiy.Acme;
using Hiy.Web.Auth;

namespace Hiy.Web.Api;

/// <summary>
/// POST /api/v1/setup/cloudflare-verify: the wizard tests the Cloudflare token before setup is done. It is behind the same
/// setup code and the same throttle as POST /api/v1/setup (a guess here counts there), and answers 409 once set up (the
/// settings page has its own test then).
/// </summary>
public sealed class SetupCloudflareEndpoint(SetupState state, SetupEndpoints setupApi, AttemptThrottle throttle, CloudflareTokenCheck cloudflare,
    ILogger<SetupCloudflareEndpoint> log)
{
    public async Task PostAsync(HttpContext ctx)
    {
        if (state.Completed)
        {
            await HttpResults.Problem(ctx, 409, "Setup already completed",
                "the appliance is already set up; test a token with POST /api/v1/settings/cloudflare/verify");
            return;
        }
        var client = ClientAddress.Of(ctx);
        if (await HttpResults.RejectThrottledAsync(ctx, throttle, client, "wrong setup codes"))
            return;
        var body = await JsonBody.ReadAsync(ctx, ApiJsonContext.Default.SetupCloudflareVerifyRequest);
        if (!body.Ok)
            return;
        if (!setupApi.SetupCodeAccepted(body.Value!.SetupCode))
        {
            throttle.Failure(client);
            WebLog.AuthFailure(log, client, body.Value.SetupCode is null ? "setup code missing (cloudflare-verify)" : "wrong setup code (cloudflare-verify)");
            await HttpResults.Problem(ctx, 403, "Wrong setup code",
                "setup_code does not match the code printed when the image was built (also in hiy.toml on the boot partition)");
            return;
        }
        if (string.IsNullOrWhiteSpace(body.Value.CloudflareApiToken))
        {
            await HttpResults.Problem(ctx, 400, "Bad request", "cloudflare_api_token is required",
                new Dictionary<string, string> { ["cloudflare_api_token"] = "is required" });
            return;
        }
        await SettingsEndpoints.WriteVerdictAsync(ctx, cloudflare, body.Value.CloudflareApiToken.Trim());
    }
}
