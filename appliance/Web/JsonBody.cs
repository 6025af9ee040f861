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
        var limit = ctx.Features.Get<IHttpMaxRequestBodySizeFeature>()?.MaxRequestBodySize;
        if (limit is { } max && ctx.Request.ContentLength > max)
        {
            await TooLarge(ctx, max);
            return default;
        }
        try
        {
            var value = await JsonSerializer.DeserializeAsync(ctx.Request.Body, type, ctx.RequestAborted);
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
            await HttpResults.Problem(ctx, 400, "Bad request", $"invalid JSON in {where}: {FirstSentence(e.Message)}");
            return default;
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            await TooLarge(ctx, limit ?? 0);
            return default;
        }
    }

    private static Task TooLarge(HttpContext ctx, long max) =>
        HttpResults.Problem(ctx, 413, "Request body too large", $"the request body exceeds the limit of {max} bytes");

    private static string FirstSentence(string message)
    {
        var cut = message.IndexOf(". Path:", StringComparison.Ordinal);
        return cut > 0 ? message[..cut] : message;
    }
}
