using System.Collections.Immutable;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace Hiy.Proxy;

/// <summary>
/// Answers ACME HTTP-01 challenges (RFC 8555 §8.3) on port 80 from tokens the ACME module pushes in.
/// The proxy never talks to the CA itself.
/// </summary>
public sealed class ChallengeResponder
{
    public const string PathPrefix = "/.well-known/acme-challenge/";

    private ImmutableDictionary<string, string> _tokens = ImmutableDictionary.Create<string, string>(StringComparer.Ordinal);

    /// <summary>Publishes the key authorization for <paramref name="token"/>.</summary>
    public void Set(string token, string keyAuthorization)
    {
        if (!IsToken(token))
            throw new ArgumentException($"'{token}' is not a base64url ACME token", nameof(token));
        ImmutableInterlocked.Update(ref _tokens, static (map, kv) => map.SetItem(kv.Key, kv.Value), new KeyValuePair<string, string>(token, keyAuthorization));
    }

    public void Remove(string token) => ImmutableInterlocked.TryRemove(ref _tokens, token, out _);

    /// <summary>The key authorization for a request path, or null when the path is not a known challenge.</summary>
    public string? Lookup(string path)
    {
        if (!path.StartsWith(PathPrefix, StringComparison.Ordinal))
            return null;
        var token = path[PathPrefix.Length..];
        return Volatile.Read(ref _tokens).TryGetValue(token, out var value) ? value : null;
    }

    /// <summary>Answers the request when it is an HTTP-01 challenge; true when it did (404 for unknown tokens).</summary>
    public async Task<bool> TryAnswerAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? "";
        if (!path.StartsWith(PathPrefix, StringComparison.Ordinal))
            return false;
        var answer = Lookup(path);
        if (answer is null)
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return true;
        }
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = "application/octet-stream";
        var body = Encoding.ASCII.GetBytes(answer);
        context.Response.ContentLength = body.Length;
        await context.Response.Body.WriteAsync(body, context.RequestAborted);
        return true;
    }

    /// <summary>RFC 8555 §8.3: the token is base64url, no padding.</summary>
    public static bool IsToken(string token)
    {
        if (token.Length is 0 or > 256)
            return false;
        foreach (var c in token)
        {
            if (c is not ((>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9') or '-' or '_'))
                return false;
        }
        return true;
    }
}
