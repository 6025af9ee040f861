using System.Globalization;
using Hiy.Store;

namespace Hiy.Web.Api;

/// <summary>/api/v1/tokens: the caller's API tokens and dashboard sessions, and revoking one.</summary>
public sealed class TokensEndpoints(AuthRepository auth, ILogger<TokensEndpoints> log)
{
    public Task ListAsync(HttpContext ctx)
    {
        var current = ctx.Items[ApiGuard.TokenIdItem] as long?;
        var views = auth.ListTokens(UserOf(ctx)).Select(t => new TokenView(t.Id, t.Name, t.Kind == TokenKind.Session ? "session" : "api",
            t.CreatedAt, t.LastUsedAt, t.ExpiresAt, t.Id == current)).ToList();
        return HttpResults.Json(ctx, views, ApiJsonContext.Default.ListTokenView);
    }

    /// <summary>204; the token is refused from its very next request on (every request looks the token up).</summary>
    public Task DeleteAsync(HttpContext ctx)
    {
        var raw = (string)ctx.GetRouteValue("id")!;
        var userId = UserOf(ctx);
        if (!long.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out var id)
            || auth.ListTokens(userId).FirstOrDefault(t => t.Id == id) is not { } token
            || !auth.RemoveToken(userId, id))
        {
            return HttpResults.Problem(ctx, 404, "No such token", $"there is no token with id '{raw}'",
                new Dictionary<string, string> { ["id"] = $"no token '{raw}'" });
        }
        WebLog.TokenRevoked(log, id, token.Name, ClientAddress.Of(ctx));
        ctx.Response.StatusCode = StatusCodes.Status204NoContent;
        return Task.CompletedTask;
    }

    private static long UserOf(HttpContext ctx) => (long)ctx.Items[ApiGuard.UserIdItem]!;
}
