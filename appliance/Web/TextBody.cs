using System.Text;
using Microsoft.AspNetCore.Http.Features;

namespace Hiy.Web;

/// <summary>
/// Reads a small UTF-8 text request body (a <c>.env</c> file) under the API's body limit: an oversized body is a 413,
/// text that is not UTF-8 a 400, a body cut off by the client a 400, each already answered when the result is null.
/// </summary>
public static class TextBody
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static async Task<string?> ReadAsync(HttpContext ctx)
    {
        var max = ctx.Features.Get<IHttpMaxRequestBodySizeFeature>()?.MaxRequestBodySize ?? long.MaxValue;
        if (ctx.Request.ContentLength > max)
        {
            await HttpResults.Problem(ctx, 413, "Request body too large", $"the request body exceeds the limit of {max} bytes");
            return null;
        }
        var buffer = new MemoryStream();
        try
        {
            var chunk = new byte[16 * 1024];
            int read;
            while ((read = await ctx.Request.Body.ReadAsync(chunk, ctx.RequestAborted)) > 0)
            {
                if (buffer.Length + read > max)
                {
                    await HttpResults.Problem(ctx, 413, "Request body too large", $"the request body exceeds the limit of {max} bytes");
                    return null;
                }
                buffer.Write(chunk, 0, read);
            }
        }
        catch (BadHttpRequestException e)
        {
            // Kestrel's own limit or broken framing: the client's fault, answered as such.
            await HttpResults.Problem(ctx, e.StatusCode is >= 400 and < 500 ? e.StatusCode : 400, "Bad request", $"the request body could not be read: {e.Message}");
            return null;
        }
        try
        {
            var text = StrictUtf8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
            return text.Length > 0 && text[0] == '\uFEFF' ? text[1..] : text; // a BOM from a Windows editor is not part of the first key
        }
        catch (DecoderFallbackException)
        {
            await HttpResults.Problem(ctx, 400, "Bad request", "the request body is not UTF-8 text");
            return null;
        }
    }
}
