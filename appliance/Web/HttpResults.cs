using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Hiy.Web;

/// <summary>How the API writes JSON and RFC 7807 problems; every handler answers through these.</summary>
public static class HttpResults
{
    public const string ProblemContentType = "application/problem+json";

    public static async Task Json<T>(HttpContext ctx, T value, JsonTypeInfo<T> type, int status = 200)
    {
        ctx.Response.StatusCode = status;
        ctx.Response.ContentType = "application/json; charset=utf-8";
        await JsonSerializer.SerializeAsync(ctx.Response.Body, value, type, ctx.RequestAborted);
    }

    public static Task Problem(HttpContext ctx, int status, string title, string detail,
        IReadOnlyDictionary<string, string>? errors = null)
    {
        if (ctx.Response.HasStarted)
            return Task.CompletedTask;
        var doc = new ProblemDocument(TypeFor(status), title, status, detail, ctx.Request.Path, errors);
        ctx.Response.StatusCode = status;
        ctx.Response.ContentType = ProblemContentType;
        return JsonSerializer.SerializeAsync(ctx.Response.Body, doc, ApiJsonContext.Default.ProblemDocument, ctx.RequestAborted);
    }

    /// <summary>An app operation's failure as problem+json: 404, 409, 422 (with the field), 503 (Docker) or 507 (disk full).</summary>
    public static Task Problem(HttpContext ctx, Builds.AppError error)
    {
        var status = error.Kind switch
        {
            Builds.AppErrorKind.NotFound => 404,
            Builds.AppErrorKind.Conflict => 409,
            Builds.AppErrorKind.Invalid => 422,
            Builds.AppErrorKind.NoSpace => 507,
            _ => 503,
        };
        return Problem(ctx, status, error.Title, error.Detail,
            error.Field is { } field ? new Dictionary<string, string> { [field] = error.Detail } : null);
    }

    /// <summary>A validation problem listing every field error, in the detail and as <c>errors</c> (DESIGN.md rule 4).</summary>
    public static Task Invalid(HttpContext ctx, int status, string title, IReadOnlyDictionary<string, string> errors) =>
        Problem(ctx, status, title, string.Join("; ", errors.Select(e => $"{e.Key}: {e.Value}")), errors);

    /// <summary>
    /// Takes an attempt slot before the body is read (issue 13 item 2), or answers 429 with Retry-After and returns null.
    /// </summary>
    public static async Task<Auth.AttemptThrottle.Slot?> AcquireAttemptAsync(HttpContext ctx, Auth.AttemptThrottle throttle, string client, string what)
    {
        if (throttle.TryAcquire(client, out var wait) is { } slot)
            return slot;
        await TooManyAsync(ctx, wait, what);
        return null;
    }

    private static async Task TooManyAsync(HttpContext ctx, TimeSpan wait, string what)
    {
        var seconds = Math.Ceiling(wait.TotalSeconds);
        ctx.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        await Problem(ctx, 429, "Too many attempts", $"too many {what}; try again in {seconds} s");
    }

    /// <summary>A stable problem type per status, so clients can switch on it.</summary>
    private static string TypeFor(int status) => status switch
    {
        400 => "urn:hiy:problem:bad-request",
        401 => "urn:hiy:problem:unauthorized",
        403 => "urn:hiy:problem:forbidden",
        404 => "urn:hiy:problem:not-found",
        409 => "urn:hiy:problem:conflict",
        413 => "urn:hiy:problem:too-large",
        415 => "urn:hiy:problem:unsupported-media-type",
        422 => "urn:hiy:problem:invalid",
        429 => "urn:hiy:problem:too-many-attempts",
        503 => "urn:hiy:problem:unavailable",
        507 => "urn:hiy:problem:insufficient-storage",
        _ => "about:blank",
    };
}
