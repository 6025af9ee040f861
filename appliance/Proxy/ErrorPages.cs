using System.Net;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace Hiy.Proxy;

/// <summary>The small branded pages the proxy answers with when it cannot hand a request to an app or site.</summary>
public static class ErrorPages
{
    public static string Render(int status, string title, string detail) =>
        $$"""
        <!doctype html>
        <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
        <title>{{status}} · {{WebUtility.HtmlEncode(title)}} · hiy</title>
        <style>body{font:16px/1.5 system-ui,sans-serif;margin:0;display:grid;place-items:center;min-height:100vh;background:#f6f7f9;color:#222}
        main{max-width:32rem;padding:2rem}h1{font-size:1.4rem;margin:0 0 .5rem}small{color:#777}</style></head>
        <body><main><h1>{{WebUtility.HtmlEncode(title)}}</h1><p>{{WebUtility.HtmlEncode(detail)}}</p><small>{{status}} · served by hiy</small></main></body></html>

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
