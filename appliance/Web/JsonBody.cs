using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Http.Features;

namespace Hiy.Web;

/// <summary>The outcome of reading a JSON request body: a value, or the problem already written.</summary>
public readonly record struct BodyResult<T>(T? Value, bool Ok);

/// <summary>
/// Reads a JSON request body under the size limit. Bad JSON, a wrong type, an unknown field or an
/// oversized body are answered with a problem naming the field (400/413/415) and never reach a handler.
/// </summary>
public static class JsonBody
{
    public static async Task<BodyResult<T>> ReadAsync<T>(HttpContext ctx, JsonTypeInfo<T> type) where T : class
    {
        var mediaType = ctx.Request.ContentType?.Split(';')[0].Trim();
        if (!string.Equals(mediaType, "application/json", StringComparison.OrdinalIgnoreCase))
        {
            await HttpResults.Problem(ctx, 415, "Unsupported media type", "the request body must be application/json");
            return default;
        }
        var feature = ctx.Features.Get<IHttpMaxRequestBodySizeFeature>();
        var max = feature?.MaxRequestBodySize ?? long.MaxValue;
        // The limit is enforced here rather than by Kestrel, so an oversized body can be drained (up to a
        // bound) and the client reads a clean 413 instead of a reset connection mid-upload.
        if (feature is { IsReadOnly: false })
            feature.MaxRequestBodySize = null;
        var buffer = new MemoryStream();
        if (ctx.Request.ContentLength > max || !await CopyUpToAsync(ctx.Request.Body, buffer, max, ctx.RequestAborted))
        {
            await DrainAsync(ctx);
            await TooLarge(ctx, max);
            return default;
        }
        buffer.Position = 0;
        try
        {
            var value = await JsonSerializer.DeserializeAsync(buffer, type, ctx.RequestAborted);
            if (value is null)
            {
                await HttpResults.Problem(ctx, 400, "Bad request", "the request body must be a JSON object, not null");
                return default;
            }
            return new BodyResult<T>(value, true);
        }
        catch (JsonException e)
        {
            var where = string.IsNullOrEmpty(e.Path) || e.Path == "$" ? "the body" : $"field '{e.Path.TrimStart('$', '.')}'";
            await HttpResults.Problem(ctx, 400, "Bad request", $"invalid JSON in {where}: {Describe(e.Message)}");
            return default;
        }
    }

    /// <summary>Copies at most <paramref name="max"/> bytes; false when the body is longer.</summary>
    private static async Task<bool> CopyUpToAsync(Stream body, MemoryStream into, long max, CancellationToken ct)
    {
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await body.ReadAsync(chunk, ct)) > 0)
        {
            if (into.Length + read > max)
                return false;
            into.Write(chunk, 0, read);
        }
        return true;
    }

    /// <summary>Reads and drops what is left of an oversized body, up to a bound and a few seconds.</summary>
    private static async Task DrainAsync(HttpContext ctx)
    {
        if (ctx.Request.ContentLength > MaxDrainBytes)
            return; // too big to be worth reading: Kestrel closes the connection instead
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ctx.RequestAborted);
        cts.CancelAfter(TimeSpan.FromSeconds(5));
        var chunk = new byte[16 * 1024];
        long total = 0;
        try
        {
            int read;
            while (total < MaxDrainBytes && (read = await ctx.Request.Body.ReadAsync(chunk, cts.Token)) > 0)
                total += read;
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or BadHttpRequestException)
        {
        }
    }

    private const long MaxDrainBytes = 16L << 20;

    private static Task TooLarge(HttpContext ctx, long max) =>
        HttpResults.Problem(ctx, 413, "Request body too large", $"the request body exceeds the limit of {max} bytes");

    /// <summary>
    /// System.Text.Json's message in the client's words. Its unknown-member and conversion messages name .NET types
    /// ("could not be mapped to any .NET member contained in type 'Hiy.Web.Api.SetupRequest'"; with source generation a
    /// conversion names the containing request type, not the field's), which say nothing to an API user and leak our
    /// internals; the field itself is already named from the exception's Path. Syntax messages are kept up to their Path.
    /// </summary>
    public static string Describe(string message)
    {
        if (message.Contains("could not be mapped to any .NET member", StringComparison.Ordinal))
            return "not a known field";
        if (message.Contains("could not be converted to ", StringComparison.Ordinal))
            return "the value has the wrong type for this field";
        var cut = message.IndexOf(". Path:", StringComparison.Ordinal);
        return cut > 0 ? message[..cut] : message;
    }
}
