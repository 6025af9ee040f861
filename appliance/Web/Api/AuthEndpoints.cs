using Hiy.Store;
using Hiy.Web.Auth;

namespace Hiy.Web.Api;

/// <summary>POST /api/v1/auth/token: trade the admin password for an API token.</summary>
public sealed class AuthEndpoints(AuthRepository auth, AttemptThrottle throttle, ILogger<AuthEndpoints> log)
{
    public async Task TokenAsync(HttpContext ctx)
    {
        var client = ClientAddress.Of(ctx);
        if (await HttpResults.RejectThrottledAsync(ctx, throttle, client, "failed sign-ins"))
            return;
        var body = await JsonBody.ReadAsync(ctx, ApiJsonContext.Default.TokenRequest);
        if (!body.Ok)
            return;
        if (string.IsNullOrEmpty(body.Value!.Password))
        {
            await HttpResults.Problem(ctx, 400, "Bad request", "password is required",
                new Dictionary<string, string> { ["password"] = "is required" });
            return;
        }
        var username = string.IsNullOrEmpty(body.Value.Username) ? SetupEndpoints.AdminUser : body.Value.Username;
        var user = auth.FindUser(username);
        if (user is null || !PasswordHasher.Verify(body.Value.Password, user.PasswordHash))
        {
            throttle.Failure(client);
            WebLog.AuthFailure(log, client, $"wrong password for '{username}'");
            await HttpResults.Problem(ctx, 401, "Wrong password", "the user name or password is wrong");
            return;
        }
        throttle.Success(client);
        var token = ApiTokens.New();
        auth.AddToken(user.Id, ApiTokens.Hash(token), "login");
        WebLog.TokenIssued(log, user.Username, client);
        await HttpResults.Json(ctx, new TokenResponse(token), ApiJsonContext.Default.TokenResponse);
    }
}
