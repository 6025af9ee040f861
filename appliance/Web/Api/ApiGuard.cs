using Hiy.Store;
using Hiy.Web.Auth;

namespace Hiy.Web.Api;

/// <summary>
/// The gate in front of /api/v1: before setup every route but the wizard's answers 403; after it every
/// route but sign-in needs a bearer token or the dashboard's session cookie. With the cookie, every unsafe
/// method must also carry the session's CSRF token, since a browser sends the cookie on its own.
/// </summary>
public sealed class ApiGuard(SetupState state, TokenAuthenticator tokens, DashboardSessions sessions, ILogger<ApiGuard> log)
{
    public const string UserIdItem = "hiy.user_id";

    /// <summary>The id of the token or session that authenticated the request (GET /api/v1/tokens marks it <c>current</c>).</summary>
    public const string TokenIdItem = "hiy.token_id";

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
        // Signing in, and asking whether one is signed in, need no credentials; signing out does.
        if (path.StartsWithSegments("/api/v1/auth/token")
            || (path.StartsWithSegments("/api/v1/auth/session") && !HttpMethods.IsDelete(ctx.Request.Method)))
        {
            await next(ctx);
            return;
        }
        var found = ctx.Request.Headers.Authorization.Count > 0 || DashboardSessions.FromCookie(ctx.Request) is null
            ? await BearerTokenAsync(ctx)
            : await SessionTokenAsync(ctx);
        if (found is null)
            return;
        ctx.Items[UserIdItem] = found.UserId;
        ctx.Items[TokenIdItem] = found.Id;
        await next(ctx);
    }

    private async Task<TokenRecord?> BearerTokenAsync(HttpContext ctx)
    {
        var token = ApiTokens.FromHeader(ctx.Request.Headers.Authorization);
        var found = token is null ? null : tokens.Authenticate(token);
        if (found is not null)
            return found;
        if (token is not null)
            WebLog.AuthFailure(log, ClientAddress.Of(ctx), "unknown api token");
        ctx.Response.Headers.WWWAuthenticate = "Bearer realm=\"hiy\"";
        await HttpResults.Problem(ctx, 401, "Unauthorized",
            token is null ? "send Authorization: Bearer <token> (get one with POST /api/v1/auth/token)" : "the API token is not valid");
        return null;
    }

    private async Task<TokenRecord?> SessionTokenAsync(HttpContext ctx)
    {
        var token = DashboardSessions.FromCookie(ctx.Request)!;
        var session = sessions.Find(token);
        if (session is null)
        {
            // no "auth failure" line: a session running out is not someone guessing, and fail2ban would ban its owner
            DashboardSessions.ClearCookie(ctx);
            ctx.Response.Headers.WWWAuthenticate = "Bearer realm=\"hiy\""; // RFC 9110 §11.6.1: every 401 names a scheme
            await HttpResults.Problem(ctx, 401, "Signed out", "the dashboard session has expired or was signed out; sign in again");
            return null;
        }
        if (DashboardSessions.IsUnsafe(ctx.Request.Method)
            && !sessions.CsrfMatches(token, ctx.Request.Headers[DashboardSessions.CsrfHeader].ToString() is { Length: > 0 } csrf ? csrf : null))
        {
            WebLog.CsrfRefused(log, ctx.Request.Method, ctx.Request.Path.Value ?? "/", ClientAddress.Of(ctx));
            await HttpResults.Problem(ctx, 403, "CSRF token required",
                $"a {ctx.Request.Method} with the dashboard's session cookie must carry the session's {DashboardSessions.CsrfHeader} header");
            return null;
        }
        tokens.RecordUse(session);
        return session;
    }
}
