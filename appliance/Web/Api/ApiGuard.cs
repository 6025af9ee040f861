using Hiy.Store;
using Hiy.Web.Auth;

namespace Hiy.Web.Api;

/// <summary>
/// The gate in front of /api/v1: before setup every route but the wizard's answers 403; after it every
/// route but sign-in needs a bearer token.
/// </summary>
public sealed class ApiGuard(SetupState state, AuthRepository auth, ILogger<ApiGuard> log)
{
    public const string UserIdItem = "hiy.user_id";

    public async Task InvokeAsync(HttpContext ctx, RequestDelegate next)
    {
        var path = ctx.Request.Path;
        if (path.StartsWithSegments("/api/v1/setup"))
        {
            await next(ctx);
            return;
        }
        if (!state.Completed)
        {
            await HttpResults.Problem(ctx, 403, "Setup not completed",
                "finish the setup wizard first: open this appliance in a browser, or POST /api/v1/setup");
            return;
        }
        if (path.StartsWithSegments("/api/v1/auth/token"))
        {
            await next(ctx);
            return;
        }
        var token = ApiTokens.FromHeader(ctx.Request.Headers.Authorization);
        var userId = token is null ? null : auth.FindTokenUser(ApiTokens.Hash(token));
        if (userId is null)
        {
            if (token is not null)
                WebLog.AuthFailure(log, ClientAddress.Of(ctx), "unknown api token");
            ctx.Response.Headers.WWWAuthenticate = "Bearer realm=\"hiy\"";
            await HttpResults.Problem(ctx, 401, "Unauthorized",
                token is null ? "send Authorization: Bearer <token> (get one with POST /api/v1/auth/token)" : "the API token is not valid");
            return;
        }
        ctx.Items[UserIdItem] = userId;
        await next(ctx);
    }
}
