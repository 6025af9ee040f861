namespace Hiy.Web.Dashboard;

/// <summary>
/// Serves the dashboard's files on the appliance's own hosts (the proxy has already taken app hosts),
/// one explicit route per file, with headers that keep the page from being framed, sniffed or fed
/// scripts from anywhere but itself.
/// </summary>
public static class DashboardEndpoints
{
    /// <summary>No inline script or style, nothing from another origin, never framed.</summary>
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
        + "form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'";

    public static void Map(WebApplication app)
    {
        foreach (var asset in DashboardAssets.Load())
            app.MapMethods(asset.Path, [HttpMethods.Get, HttpMethods.Head], ctx => ServeAsync(ctx, asset));
    }

    public static Task ServeAsync(HttpContext ctx, DashboardAsset asset)
    {
        var headers = ctx.Response.Headers;
        headers.ContentSecurityPolicy = ContentSecurityPolicy;
        headers.XFrameOptions = "DENY";
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "no-referrer";
        // Revalidate every time: names carry no version, and a self-update replaces the files.
        headers.CacheControl = "no-cache";
        headers.ETag = asset.ETag;
        ctx.Response.ContentType = asset.ContentType;
        if (ctx.Request.Headers.IfNoneMatch.ToString().Split(',').Any(tag => tag.Trim() == asset.ETag))
        {
            ctx.Response.StatusCode = StatusCodes.Status304NotModified;
            return Task.CompletedTask;
        }
        ctx.Response.ContentLength = asset.Body.Length;
        return HttpMethods.IsHead(ctx.Request.Method) ? Task.CompletedTask : ctx.Response.Body.WriteAsync(asset.Body, ctx.RequestAborted).AsTask();
    }
}
