using Hiy.Core;
using Hiy.Store;

namespace Hiy.Web.Api;

/// <summary>/api/v1/apps/{app}/env: values are sealed at rest; a change restarts the app with the new values.</summary>
public sealed class EnvEndpoints(AppsEndpoints appsApi, EnvRepository env, Func<AppRecord, CancellationToken, Task<long?>> restartWithNewEnv)
{
    public const int MaxValueLength = 32 * 1024;
    public const int MaxKeys = 500;

    public async Task GetAsync(HttpContext ctx)
    {
        if (await appsApi.FindAsync(ctx) is { } app)
            await HttpResults.Json(ctx, new Dictionary<string, string>(env.Get(app.Id, app.Name)), ApiJsonContext.Default.DictionaryStringString);
    }

    public async Task PutAsync(HttpContext ctx)
    {
        if (await appsApi.FindAsync(ctx) is not { } app)
            return;
        var body = await JsonBody.ReadAsync(ctx, ApiJsonContext.Default.DictionaryStringString);
        if (!body.Ok)
            return;
        var errors = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in body.Value!)
        {
            if (EnvKey.Check(key) is { } why)
                errors[key] = why;
            else if (key == "PORT")
                errors[key] = "is set by hiy from the app's port setting";
            else if (value is null) // {"K": null}: the serializer lets it through as a null string (issue 13 item 4)
                errors[key] = "value must be a string (DELETE /api/v1/apps/{app}/env/{key} removes a variable)";
            else if (value.Length > MaxValueLength)
                errors[key] = $"value must be at most {MaxValueLength} characters";
            else if (value.Contains('\0'))
                errors[key] = "value must not contain NUL";
        }
        if (body.Value.Count > MaxKeys)
            errors["_"] = $"at most {MaxKeys} variables per request";
        if (errors.Count > 0)
        {
            await HttpResults.Invalid(ctx, 422, "Invalid env", errors);
            return;
        }
        env.Merge(app.Id, app.Name, body.Value);
        await RespondAsync(ctx, app);
    }

    public async Task DeleteAsync(HttpContext ctx)
    {
        if (await appsApi.FindAsync(ctx) is not { } app)
            return;
        var key = (string)ctx.GetRouteValue("key")!;
        if (!env.Remove(app.Id, key))
        {
            await HttpResults.Problem(ctx, 404, "No such variable", $"app '{app.Name}' has no env var '{key}'");
            return;
        }
        await RespondAsync(ctx, app);
    }

    private async Task RespondAsync(HttpContext ctx, AppRecord app)
    {
        // A restart needs a deploy to restart; an app never deployed just keeps the values for its first one.
        var deploy = await restartWithNewEnv(app, ctx.RequestAborted);
        if (deploy is { } id)
            ctx.Response.Headers["X-Hiy-Deploy"] = id.ToString(System.Globalization.CultureInfo.InvariantCulture);
        await HttpResults.Json(ctx, new Dictionary<string, string>(env.Get(app.Id, app.Name)), ApiJsonContext.Default.DictionaryStringString,
            deploy is null ? 200 : 202);
    }
}
