namespace Hiy.Web.Auth;

/// <summary>
/// /api/v1/auth/session: the dashboard signs in with the admin password (POST), asks whether it still is
/// after a reload (GET), and signs out (DELETE, which passes the API gate like any unsafe request).
/// </summary>
public sealed class SessionEndpoints(PasswordSignIn signIn, DashboardSessions sessions, ILogger<SessionEndpoints> log)
{
    public async Task PostAsync(HttpContext ctx)
    {
        NoStore(ctx);
        var user = await signIn.VerifyAsync(ctx);
        if (user is null)
            return;
        if (DashboardSessions.FromCookie(ctx.Request) is { } previous)
            sessions.End(previous); // signing in again replaces the browser's session rather than piling them up
        var session = sessions.Start(user.Id);
        DashboardSessions.WriteCookie(ctx, session.Token, session.ExpiresAt);
        WebLog.SessionStarted(log, user.Username, ClientAddress.Of(ctx));
        await HttpResults.Json(ctx, new SessionResponse(true, session.Csrf, session.ExpiresAt), ApiJsonContext.Default.SessionResponse);
    }

    public Task GetAsync(HttpContext ctx)
    {
        NoStore(ctx);
        var token = DashboardSessions.FromCookie(ctx.Request);
        if (token is null || sessions.FindUser(token) is null)
        {
            if (token is not null)
                DashboardSessions.ClearCookie(ctx);
            return HttpResults.Json(ctx, new SessionResponse(false), ApiJsonContext.Default.SessionResponse);
        }
        return HttpResults.Json(ctx, new SessionResponse(true, sessions.CsrfFor(token)), ApiJsonContext.Default.SessionResponse);
    }

    public Task DeleteAsync(HttpContext ctx)
    {
        NoStore(ctx);
        if (DashboardSessions.FromCookie(ctx.Request) is { } token)
            sessions.End(token);
        DashboardSessions.ClearCookie(ctx);
        ctx.Response.StatusCode = StatusCodes.Status204NoContent;
        return Task.CompletedTask;
    }

    /// <summary>Answers carrying a CSRF token must not sit in any cache.</summary>
    private static void NoStore(HttpContext ctx) => ctx.Response.Headers.CacheControl = "no-store";
}
