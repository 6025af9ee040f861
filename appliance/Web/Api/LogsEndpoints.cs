using System.Globalization;
using System.Text;
using Hiy.Runtime;
using Hiy.Store;

namespace Hiy.Web.Api;

/// <summary>
/// GET /api/v1/apps/{app}/logs?tail=500&amp;follow=true: the stored tail, then (when following) new lines as
/// Server-Sent Events until the client goes away. Without follow it is plain text.
/// </summary>
public sealed class LogsEndpoints(AppsEndpoints appsApi, LogRepository logs, LogHub hub)
{
    public const int MaxTail = 10_000;

    public async Task GetAsync(HttpContext ctx)
    {
        if (await appsApi.FindAsync(ctx) is not { } app)
            return;
        var tail = 500;
        if (ctx.Request.Query["tail"] is { Count: > 0 } t && (!int.TryParse(t, NumberStyles.None, CultureInfo.InvariantCulture, out tail) || tail > MaxTail))
        {
            await HttpResults.Problem(ctx, 400, "Bad tail", $"tail must be a whole number from 0 to {MaxTail}");
            return;
        }
        var follow = string.Equals(ctx.Request.Query["follow"], "true", StringComparison.OrdinalIgnoreCase);
        if (!follow)
        {
            ctx.Response.ContentType = "text/plain; charset=utf-8";
            var text = new StringBuilder();
            foreach (var line in logs.Tail(app.Id, tail))
                text.Append(Format(line)).Append('\n');
            await ctx.Response.WriteAsync(text.ToString(), ctx.RequestAborted);
            return;
        }

        // Subscribe before reading the tail, then skip what the tail already sent: no gap, no repeat.
        using var subscription = hub.Follow(app.Name);
        ctx.Response.ContentType = "text/event-stream";
        ctx.Response.Headers.CacheControl = "no-cache";
        ctx.Response.Headers["X-Accel-Buffering"] = "no";
        long last = 0;
        foreach (var line in logs.Tail(app.Id, tail))
        {
            await WriteEventAsync(ctx, line);
            last = line.Id;
        }
        await ctx.Response.Body.FlushAsync(ctx.RequestAborted);
        try
        {
            await foreach (var line in subscription.Reader.ReadAllAsync(ctx.RequestAborted))
            {
                if (line.Id <= last)
                    continue;
                await WriteEventAsync(ctx, line);
                if (subscription.Reader.Count == 0)
                    await ctx.Response.Body.FlushAsync(ctx.RequestAborted);
            }
        }
        catch (OperationCanceledException) when (ctx.RequestAborted.IsCancellationRequested)
        {
        }
    }

    public static string Format(LogLine line) =>
        $"{line.Time.UtcDateTime:yyyy-MM-dd'T'HH:mm:ss.fff'Z'} [{line.Stream}] {line.Text}";

    private static Task WriteEventAsync(HttpContext ctx, LogLine line) =>
        ctx.Response.WriteAsync($"id: {line.Id.ToString(CultureInfo.InvariantCulture)}\ndata: {Format(line).Replace("\n", "\ndata: ", StringComparison.Ordinal)}\n\n", ctx.RequestAborted);
}
