using System.Globalization;
using System.Text.Json;
using Hiy.Builds;
using Hiy.Store;
using Microsoft.AspNetCore.Http.Features;

namespace Hiy.Web.Api;

/// <summary>
/// /api/v1/apps/{app}/deploys and /rollback: queue a deploy from git (JSON) or from an uploaded
/// `docker save` tar (off-device builds), read the history and logs, cancel, roll back.
/// </summary>
public sealed class DeploysEndpoints(AppsEndpoints appsApi, DeployRepository deploys, DeployService service, AppService apps)
{
    /// <summary>An uploaded image may be large (a Node app with its dependencies); it is streamed to disk, never buffered.</summary>
    public const long MaxImageUploadBytes = 4L << 30;

    public async Task CreateAsync(HttpContext ctx)
    {
        if (await appsApi.FindAsync(ctx) is not { } app)
            return;
        var mediaType = ctx.Request.ContentType?.Split(';')[0].Trim().ToLowerInvariant();
        if (mediaType is "application/x-tar" or "application/octet-stream")
        {
            await CreateFromImageAsync(ctx, app);
            return;
        }
        string? gitRef = null;
        if (ctx.Request.ContentLength is > 0 || ctx.Request.Headers.TransferEncoding.Count > 0)
        {
            var body = await JsonBody.ReadAsync(ctx, ApiJsonContext.Default.DeployRequest);
            if (!body.Ok)
                return;
            gitRef = string.IsNullOrWhiteSpace(body.Value!.Ref) ? null : body.Value.Ref.Trim();
        }
        var trigger = ctx.Request.Headers.UserAgent.ToString().StartsWith("hiy-cli", StringComparison.Ordinal) ? DeployTrigger.Cli : DeployTrigger.Manual;
        await AnswerAsync(ctx, apps.Deploy(app, trigger, gitRef));
    }

    private async Task CreateFromImageAsync(HttpContext ctx, AppRecord app)
    {
        if (ctx.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
            limit.MaxRequestBodySize = MaxImageUploadBytes;
        AppResult<DeployRecord> result;
        try
        {
            result = await apps.DeployImageAsync(app, ctx.Request.Body, ctx.RequestAborted);
        }
        catch (BadHttpRequestException e)
        {
            // The body broke off or passed the limit: the client's doing, said as such (413, 400, 408).
            await HttpResults.Problem(ctx, e.StatusCode, "Upload failed", $"app '{app.Name}': the image upload did not arrive whole: {e.Message}");
            return;
        }
        await AnswerAsync(ctx, result);
    }

    public async Task ListAsync(HttpContext ctx)
    {
        if (await appsApi.FindAsync(ctx) is { } app)
            await HttpResults.Json(ctx, new DeployListResponse(deploys.List(app.Name).Select(d => View(d, null)).ToArray()),
                ApiJsonContext.Default.DeployListResponse);
    }

    public async Task GetAsync(HttpContext ctx)
    {
        if (await FindAsync(ctx) is { } d)
            await HttpResults.Json(ctx, View(d, service.LiveLog(d.Id) ?? deploys.Log(d.Id)), ApiJsonContext.Default.DeployView);
    }

    /// <summary>The build log; with ?follow=true an event stream until the deploy ends.</summary>
    public async Task LogAsync(HttpContext ctx)
    {
        if (await FindAsync(ctx) is not { } d)
            return;
        var follow = string.Equals(ctx.Request.Query["follow"], "true", StringComparison.OrdinalIgnoreCase);
        if (!follow)
        {
            ctx.Response.ContentType = "text/plain; charset=utf-8";
            await ctx.Response.WriteAsync(service.LiveLog(d.Id) ?? deploys.Log(d.Id), ctx.RequestAborted);
            return;
        }
        ctx.Response.ContentType = "text/event-stream";
        ctx.Response.Headers.CacheControl = "no-cache";
        try
        {
            await foreach (var line in service.FollowAsync(d.Id, ctx.RequestAborted))
            {
                await ctx.Response.WriteAsync($"data: {line}\n\n", ctx.RequestAborted);
                await ctx.Response.Body.FlushAsync(ctx.RequestAborted);
            }
            var final = deploys.FindById(d.Id)!;
            await ctx.Response.WriteAsync($"event: end\ndata: {final.Status.ToText()}\n\n", ctx.RequestAborted);
        }
        catch (OperationCanceledException) when (ctx.RequestAborted.IsCancellationRequested)
        {
        }
    }

    public async Task CancelAsync(HttpContext ctx)
    {
        if (await FindAsync(ctx) is not { } d)
            return;
        if (d.IsFinished || !service.Cancel(d.Id))
        {
            await HttpResults.Problem(ctx, 409, "Deploy finished", $"deploy {d.Id} of '{d.App}' is already {d.Status.ToText()}");
            return;
        }
        await HttpResults.Json(ctx, View(deploys.FindById(d.Id)!, null), ApiJsonContext.Default.DeployView, 202);
    }

    /// <summary>POST /apps/{app}/rollback: the previous image (or a named deploy's), swapped in without a build.</summary>
    public async Task RollbackAsync(HttpContext ctx)
    {
        if (await appsApi.FindAsync(ctx) is not { } app)
            return;
        long? wanted = null;
        if (ctx.Request.ContentLength is > 0)
        {
            var body = await JsonBody.ReadAsync(ctx, ApiJsonContext.Default.RollbackRequest);
            if (!body.Ok)
                return;
            wanted = body.Value!.DeployId;
        }
        await AnswerAsync(ctx, await apps.RollbackAsync(app, wanted, ctx.RequestAborted));
    }

    /// <summary>POST /apps/{app}/restart: a deploy of the current image, swapped in once healthy (202 with the deploy).</summary>
    public async Task RestartAsync(HttpContext ctx)
    {
        if (await appsApi.FindAsync(ctx) is { } app)
            await AnswerAsync(ctx, await apps.RestartAsync(app, ctx.RequestAborted));
    }

    private static Task AnswerAsync(HttpContext ctx, AppResult<DeployRecord> result) =>
        result.Error is { } error ? HttpResults.Problem(ctx, error) : Accepted(ctx, result.Value!);

    private async Task<DeployRecord?> FindAsync(HttpContext ctx)
    {
        if (await appsApi.FindAsync(ctx) is not { } app)
            return null;
        if (long.TryParse((string?)ctx.GetRouteValue("id"), NumberStyles.None, CultureInfo.InvariantCulture, out var id)
            && deploys.Find(app.Name, id) is { } d)
            return d;
        await HttpResults.Problem(ctx, 404, "No such deploy", $"app '{app.Name}' has no deploy {ctx.GetRouteValue("id")}");
        return null;
    }

    private static Task Accepted(HttpContext ctx, DeployRecord d)
    {
        ctx.Response.Headers.Location = $"/api/v1/apps/{d.App}/deploys/{d.Id}";
        return HttpResults.Json(ctx, View(d, null), ApiJsonContext.Default.DeployView, 202);
    }

    public static DeployView View(DeployRecord d, string? log) => new(d.Id, d.App, d.Status.ToText(), d.Ref, d.Sha, d.TriggeredBy.ToText(), d.Image, d.SiteVersion, d.Error,
        d.QueuedAt, d.StartedAt, d.FinishedAt,
        d.StartedAt is { } s && d.FinishedAt is { } f ? (long)(f - s).TotalMilliseconds : null,
        d.StepTimings is { } json ? JsonSerializer.Deserialize(json, ApiJsonContext.Default.DictionaryStringInt64) : null,
        log);
}
