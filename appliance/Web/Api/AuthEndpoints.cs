using Hiy.Store;
using Hiy.Web.Auth;

namespace Hiy.Web.Api;

/// <summary>POST /api/v1/auth/token: trade the admin password for a named API token.</summary>
public sealed class AuthEndpoints(AuthRepository auth, PasswordSignIn signIn, ILogger<AuthEndpoints> log)
{
    public async Task TokenAsync(HttpContext ctx)
    {
        string? name = null;
        var user = await signIn.VerifyAsync(ctx, request =>
        {
            var (normalised, error) = TokenName.Normalise(request.Name);
            name = normalised;
            return error is null ? null : new Dictionary<string, string> { ["name"] = error };
        });
        if (user is null)
            return;
        var token = ApiTokens.New();
        var id = auth.ReplaceToken(user.Id, ApiTokens.Hash(token), name!);
        WebLog.TokenIssued(log, user.Username, ClientAddress.Of(ctx));
        await HttpResults.Json(ctx, new TokenResponse(token, id, name), ApiJsonContext.Default.TokenResponse);
    }
}
