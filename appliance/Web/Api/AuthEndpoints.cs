using Hiy.Store;
using Hiy.Web.Auth;

namespace Hiy.Web.Api;

/// <summary>POST /api/v1/auth/token: trade the admin password for an API token.</summary>
public sealed class AuthEndpoints(AuthRepository auth, PasswordSignIn signIn, ILogger<AuthEndpoints> log)
{
    public async Task TokenAsync(HttpContext ctx)
    {
        var user = await signIn.VerifyAsync(ctx);
        if (user is null)
            return;
        var token = ApiTokens.New();
        auth.AddToken(user.Id, ApiTokens.Hash(token), "login");
        WebLog.TokenIssued(log, user.Username, ClientAddress.Of(ctx));
        await HttpResults.Json(ctx, new TokenResponse(token), ApiJsonContext.Default.TokenResponse);
    }
}
