using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;

namespace Hiy.Acme;

/// <summary>
/// token → key authorization for pending http-01 challenges (RFC 8555 §8.3). The issuer adds and
/// removes entries; the port-80 listener answers <c>/.well-known/acme-challenge/&lt;token&gt;</c> from it
/// with <c>text/plain</c>, without I/O.
/// </summary>
public sealed class Http01ChallengeStore
{
    public const string PathPrefix = "/.well-known/acme-challenge/";

    private readonly ConcurrentDictionary<string, string> _byToken = new(StringComparer.Ordinal);

    public void Add(string token, string keyAuthorization) => _byToken[token] = keyAuthorization;

    public void Remove(string token) => _byToken.TryRemove(token, out _);

    public int Count => _byToken.Count;

    public bool TryGetKeyAuthorization(string token, [NotNullWhen(true)] out string? keyAuthorization) =>
        _byToken.TryGetValue(token, out keyAuthorization);

    /// <summary>For a request path: the key authorization when it is a known challenge path.</summary>
    public bool TryGetResponse(string path, [NotNullWhen(true)] out string? keyAuthorization)
    {
        keyAuthorization = null;
        return path.StartsWith(PathPrefix, StringComparison.Ordinal)
            && TryGetKeyAuthorization(path[PathPrefix.Length..], out keyAuthorization);
    }
}
