using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace Hiy.Proxy;

/// <summary>
/// The small branded pages the proxy answers with when it cannot hand a request to an app or site. They wear the
/// dashboard's look (its colours, type and card; the same bar with the brand) but carry their own stylesheet in a
/// <c>&lt;style&gt;</c>: they are served on app hosts, where every path belongs to the app, so a linked
/// <c>/style.css</c> would be asked of the very app that is down. The page's own CSP allows exactly that one
/// stylesheet by its hash and nothing else (no script at all), so the strict policy holds here too.
/// </summary>
public static class ErrorPages
{
    /// <summary>The dashboard's palette and type (Web/Dashboard/Assets/style.css), cut down to one card.</summary>
    public const string Stylesheet =
        ":root{--fg:#1d2327;--muted:#5f6b73;--bg:#f5f6f7;--card:#fff;--line:#d8dde1;--accent:#2364aa;"
        + "font-family:system-ui,-apple-system,\"Segoe UI\",Roboto,sans-serif;color:var(--fg);background:var(--bg)}"
        + "body{margin:0;line-height:1.5}"
        + ".bar{display:flex;align-items:baseline;gap:.75rem;padding:.75rem 1rem;background:var(--fg);color:#fff}"
        + ".brand{font-weight:700;font-size:1.2rem}.tagline{color:#b9c2c8}"
        + "main{max-width:36rem;margin:0 auto;padding:2rem 1rem}"
        + ".card{background:var(--card);border:1px solid var(--line);border-left:4px solid var(--accent);border-radius:8px;padding:1rem 1.25rem}"
        + "h1{font-size:1.5rem;margin:0 0 .5rem}p{margin:0 0 .5rem;overflow-wrap:anywhere}.status{color:var(--muted);font-size:.9em;margin:0}";

    /// <summary>CSP 3 §8.3: a hash source allows an inline style whose exact text hashes to it.</summary>
    public static readonly string ContentSecurityPolicy =
        $"default-src 'none'; style-src 'sha256-{Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(Stylesheet)))}'; "
        + "img-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    public static string Render(int status, string title, string detail) =>
        $$"""
        <!doctype html>
        <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
        <title>{{status}} · {{WebUtility.HtmlEncode(title)}} · hiy</title>
        <style>{{Stylesheet}}</style></head>
        <body><header class="bar"><span class="brand">hiy</span><span class="tagline">host it yourself</span></header>
        <main><div class="card"><h1>{{WebUtility.HtmlEncode(title)}}</h1><p>{{WebUtility.HtmlEncode(detail)}}</p><p class="status">{{status}} · served by hiy</p></div></main></body></html>

        """;

    /// <summary>Writes the page unless the response has already started (then the connection is just aborted).</summary>
    public static Task WriteAsync(HttpContext context, int status, string title, string detail, int? retryAfterSeconds = null)
    {
        if (context.Response.HasStarted)
        {
            context.Abort();
            return Task.CompletedTask;
        }
        context.Response.Clear();
        context.Response.StatusCode = status;
        context.Response.ContentType = "text/html; charset=utf-8";
        context.Response.Headers.CacheControl = "no-store";
        context.Response.Headers.ContentSecurityPolicy = ContentSecurityPolicy;
        context.Response.Headers.XContentTypeOptions = "nosniff";
        if (retryAfterSeconds is { } s)
            context.Response.Headers.RetryAfter = s.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var body = Encoding.UTF8.GetBytes(Render(status, title, detail));
        context.Response.ContentLength = body.Length;
        return HttpMethods.IsHead(context.Request.Method)
            ? Task.CompletedTask
            : context.Response.Body.WriteAsync(body, context.RequestAborted).AsTask();
    }

    public static Task NoSuchAppAsync(HttpContext c, string label) =>
        WriteAsync(c, 404, "Nothing here yet", $"There is no app or site named '{label}' on this hiy.");

    /// <summary>503 for an app with nothing to forward to, saying which state it is in (building, failed, stopped, crashed…).</summary>
    public static Task UnavailableAsync(HttpContext c, string app, AppDown down)
    {
        var (title, detail) = down.Describe(app);
        return WriteAsync(c, 503, title, detail, down.RetryAfterSeconds);
    }

    public static Task BadGatewayAsync(HttpContext c, string app) =>
        WriteAsync(c, 502, "Bad gateway", $"The app '{app}' did not accept the connection or broke it off.");

    public static Task GatewayTimeoutAsync(HttpContext c, string app) =>
        WriteAsync(c, 504, "Gateway timeout", $"The app '{app}' took too long to answer.");

    /// <summary>The client's own request was at fault (400 malformed, 408 too slow, 413 too big).</summary>
    public static Task ClientErrorAsync(HttpContext c, int status) => status switch
    {
        StatusCodes.Status408RequestTimeout => WriteAsync(c, status, "Request timeout", "The request body arrived too slowly."),
        StatusCodes.Status413PayloadTooLarge => WriteAsync(c, status, "Request too large", "The request body is over this hiy's upload limit."),
        _ => WriteAsync(c, status, "Bad request", "The request body was malformed."),
    };

    public static Task NotFoundAsync(HttpContext c) =>
        WriteAsync(c, 404, "Not found", "No such file.");
}
