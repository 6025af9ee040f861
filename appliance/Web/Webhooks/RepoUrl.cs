namespace Hiy.Web.Webhooks;

/// <summary>
/// Compares repository URLs the way a person would: <c>https://github.com/Me/Blog.git</c>,
/// <c>http://github.com/me/blog/</c>, <c>git@github.com:me/blog.git</c> and <c>ssh://git@github.com/me/blog</c>
/// are one repository. Owner and name are case-insensitive on GitHub, so the key is lower-cased.
/// </summary>
public static class RepoUrl
{
    /// <summary>"host/path" in lower case, without scheme, credentials, port for ssh, ".git" or trailing '/'; null for empty input.</summary>
    public static string? Normalize(string? url)
    {
        if (string.IsNullOrWhiteSpace(url))
            return null;
        var s = url.Trim();
        var scheme = s.IndexOf("://", StringComparison.Ordinal);
        if (scheme >= 0)
        {
            s = s[(scheme + 3)..];
        }
        else if (s.IndexOf(':') is var colon and > 0 && !s[..colon].Contains('/'))
        {
            // scp-like syntax: [user@]host:owner/name
            s = s[..colon] + "/" + s[(colon + 1)..];
        }
        var slash = s.IndexOf('/');
        var authority = slash < 0 ? s : s[..slash];
        var path = slash < 0 ? "" : s[slash..];
        var at = authority.LastIndexOf('@');
        if (at >= 0)
            authority = authority[(at + 1)..];
        var port = authority.LastIndexOf(':');
        if (port >= 0)
            authority = authority[..port];
        path = path.TrimEnd('/');
        if (path.EndsWith(".git", StringComparison.OrdinalIgnoreCase))
            path = path[..^4];
        path = path.TrimEnd('/');
        return (authority + path).ToLowerInvariant();
    }

    public static bool Same(string? a, string? b) =>
        Normalize(a) is { } x && Normalize(b) is { } y && x == y;
}
