using Hiy.Store;
using Hiy.Web.Api;

namespace Hiy.Web.Auth;

/// <summary>
/// The one password check behind every sign-in (an API token, a dashboard session): reads
/// <c>{"password", "username"?}</c>, throttles the client on wrong passwords and answers the problem itself.
/// Sharing it means a guesser gains nothing by switching between the two routes.
/// </summary>
public sealed class PasswordSignIn(AuthRepository auth, AttemptThrottle throttle, ILogger<PasswordSignIn> log)
{
    /// <summary>
    /// The user when the password is right; null when a problem (400/401/415/429) has been written. <paramref name="validate"/>
    /// checks the route's own fields first (their errors are a 400 and not a failed attempt).
    /// </summary>
    public async Task<UserRecord?> VerifyAsync(HttpContext ctx, Func<TokenRequest, IReadOnlyDictionary<string, string>?>? validate = null)
    {
        var client = ClientAddress.Of(ctx);
        if (await HttpResults.RejectThrottledAsync(ctx, throttle, client, "failed sign-ins"))
            return null;
        var body = await JsonBody.ReadAsync(ctx, ApiJsonContext.Default.TokenRequest);
        if (!body.Ok)
            return null;
        if (string.IsNullOrEmpty(body.Value!.Password))
        {
            await HttpResults.Problem(ctx, 400, "Bad request", "password is required",
                new Dictionary<string, string> { ["password"] = "is required" });
            return null;
        }
        if (validate?.Invoke(body.Value) is { Count: > 0 } errors)
        {
            await HttpResults.Invalid(ctx, 400, "Bad request", errors);
            return null;
        }
        var username = string.IsNullOrEmpty(body.Value.Username) ? SetupEndpoints.AdminUser : body.Value.Username;
        var user = auth.FindUser(username);
        if (user is null || !PasswordHasher.Verify(body.Value.Password, user.PasswordHash))
        {
            throttle.Failure(client);
            WebLog.AuthFailure(log, client, $"wrong password for '{username}'");
            await HttpResults.Problem(ctx, 401, "Wrong password", "the user name or password is wrong");
            return null;
        }
        throttle.Success(client);
        return user;
    }
}
