using Hiy.Core;
using Hiy.Store;

namespace Hiy.Web.Api;

/// <summary>
/// /api/v1/apps/{app}/env: values are sealed at rest; a change restarts the app with the new values. PUT takes a JSON
/// object or, as text/plain, a <c>.env</c> text (<see cref="DotEnv"/>); both merge and restart the same way.
/// </summary>
public sealed class EnvEndpoints(AppsEndpoints appsApi, EnvRepository env, Func<AppRecord, CancellationToken, Task<long?>> restartWithNewEnv)
{
    public const int MaxValueLength = 32 * 1024;
    public const int MaxKeys = 500;

    /// <summary>The values (the CLI's env:get), or with <c>?masked=true</c> only each key and its value's length, sorted by key.</summary>
    public async Task GetAsync(HttpContext ctx)
    {
        if (await appsApi.FindAsync(ctx) is not { } app)
            return;
        var values = env.Get(app.Id, app.Name);
        var masked = ctx.Request.Query["masked"].ToString();
        if (masked is "true" or "1")
        {
            await HttpResults.Json(ctx, values.OrderBy(v => v.Key, StringComparer.Ordinal).Select(v => new MaskedEnvView(v.Key, v.Value.Length)).ToList(),
                ApiJsonContext.Default.ListMaskedEnvView);
            return;
        }
        if (masked is not ("" or "false" or "0"))
        {
            await HttpResults.Problem(ctx, 400, "Bad request", $"masked must be true or false, not '{masked}'",
                new Dictionary<string, string> { ["masked"] = "must be true or false" });
            return;
        }
        await HttpResults.Json(ctx, new Dictionary<string, string>(values), ApiJsonContext.Default.DictionaryStringString);
    }

    /// <summary>One variable's value: the dashboard's reveal; 404 naming the key when the app has no such variable.</summary>
    public async Task GetOneAsync(HttpContext ctx)
    {
        if (await appsApi.FindAsync(ctx) is not { } app)
            return;
        var key = (string)ctx.GetRouteValue("key")!;
        if (!env.Get(app.Id, app.Name).TryGetValue(key, out var value))
        {
            await NoSuchVariable(ctx, app, key);
            return;
        }
        ctx.Response.Headers.CacheControl = "no-store";
        await HttpResults.Json(ctx, new EnvVarView(key, value), ApiJsonContext.Default.EnvVarView);
    }

    public async Task PutAsync(HttpContext ctx)
    {
        if (await appsApi.FindAsync(ctx) is not { } app)
            return;
        var mediaType = ctx.Request.ContentType?.Split(';')[0].Trim();
        IReadOnlyDictionary<string, string> values;
        Dictionary<string, string> errors;
        if (string.Equals(mediaType, "text/plain", StringComparison.OrdinalIgnoreCase))
        {
            if (await TextBody.ReadAsync(ctx) is not { } text)
                return;
            var parsed = DotEnv.Parse(text);
            errors = parsed.Errors.ToDictionary(e => $"line {e.Line}", e => e.Key is null ? e.Message : $"{e.Key}: {e.Message}");
            var merged = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var (key, value) in parsed.Entries)
                merged[key] = value;
            values = merged;
            // The same checks as the JSON body, reported by the line the key was (last) given on.
            foreach (var (key, why) in Check(values))
                errors[LineOf(text, key)] = $"{key}: {why}";
        }
        else
        {
            var body = await JsonBody.ReadAsync(ctx, ApiJsonContext.Default.DictionaryStringString);
            if (!body.Ok)
                return;
            values = body.Value!;
            errors = Check(values);
        }
        if (values.Count > MaxKeys)
            errors["_"] = $"at most {MaxKeys} variables per request";
        if (errors.Count > 0)
        {
            await HttpResults.Invalid(ctx, 422, "Invalid env", errors);
            return;
        }
        env.Merge(app.Id, app.Name, values);
        await RespondAsync(ctx, app);
    }

    public async Task DeleteAsync(HttpContext ctx)
    {
        if (await appsApi.FindAsync(ctx) is not { } app)
            return;
        var key = (string)ctx.GetRouteValue("key")!;
        if (!env.Remove(app.Id, key))
        {
            await NoSuchVariable(ctx, app, key);
            return;
        }
        await RespondAsync(ctx, app);
    }

    /// <summary>What is wrong with each variable, by key (the JSON body's and the .env text's shared rules).</summary>
    private static Dictionary<string, string> Check(IReadOnlyDictionary<string, string> values)
    {
        var errors = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in values)
        {
            if (EnvKey.Check(key) is { } why)
                errors[key] = why;
            else if (key == "PORT")
                errors[key] = "is set by hiy from the app's port setting";
            else if (value is null) // JSON null gets through a Dictionary<string, string>
                errors[key] = "value must be a string (remove a variable with DELETE /api/v1/apps/{app}/env/{key})";
            else if (value.Length > MaxValueLength)
                errors[key] = $"value must be at most {MaxValueLength} characters";
            else if (value.Contains('\0'))
                errors[key] = "value must not contain NUL";
        }
        return errors;
    }

    /// <summary>"line N" of the last line that sets <paramref name="key"/> (the one whose value counts).</summary>
    private static string LineOf(string text, string key)
    {
        var lines = text.Split('\n');
        for (var i = lines.Length - 1; i >= 0; i--)
        {
            var line = lines[i].TrimStart(' ', '\t');
            if (line.StartsWith("export", StringComparison.Ordinal) && line.Length > 6 && line[6] is ' ' or '\t')
                line = line[7..].TrimStart(' ', '\t');
            if (line.StartsWith(key, StringComparison.Ordinal) && line[key.Length..].TrimStart(' ', '\t').StartsWith('='))
                return $"line {i + 1}";
        }
        return key;
    }

    private static Task NoSuchVariable(HttpContext ctx, AppRecord app, string key) =>
        HttpResults.Problem(ctx, 404, "No such variable", $"app '{app.Name}' has no env var '{key}'",
            new Dictionary<string, string> { ["key"] = $"no env var '{key}'" });

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
