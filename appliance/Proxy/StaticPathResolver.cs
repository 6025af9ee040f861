namespace Hiy.Proxy;

/// <summary>
/// The pure half of static-site serving: turns a raw (still percent-encoded) request path into a path
/// under the right version's root, or NotFound for every escape attempt: "..", "%2e%2e", encoded
/// separators "%2f"/"%5c", backslashes, NUL and control characters. Symlinks are the I/O half's job.
/// </summary>
public static class StaticPathResolver
{
    public const string VersionPrefix = "/v/";

    public static StaticPath Resolve(SiteRoute site, string rawPath)
    {
        if (rawPath.Length == 0 || rawPath[0] != '/')
            return new StaticPath(StaticPathKind.NotFound);
        string? root;
        string rest;
        var versioned = false;
        if (rawPath.StartsWith(VersionPrefix, StringComparison.Ordinal))
        {
            var afterPrefix = rawPath[VersionPrefix.Length..];
            var slash = afterPrefix.IndexOf('/');
            var version = slash < 0 ? afterPrefix : afterPrefix[..slash];
            if (version.Length == 0 || !site.VersionDirs.TryGetValue(version, out root))
                return new StaticPath(StaticPathKind.NotFound);
            if (slash < 0)
                return new StaticPath(StaticPathKind.Redirect, RedirectTo: rawPath + "/");
            rest = afterPrefix[slash..];
            versioned = true;
        }
        else
        {
            root = site.ActiveDir;
            rest = rawPath;
            if (root is null)
                return new StaticPath(StaticPathKind.NotFound);
        }

        var relative = Decode(rest);
        if (relative is null)
            return new StaticPath(StaticPathKind.NotFound);
        var full = Hiy.Core.HiyPaths.Under(root, relative);
        return full is null
            ? new StaticPath(StaticPathKind.NotFound)
            : new StaticPath(StaticPathKind.Candidate, Path.GetFullPath(root), full, IsVersioned: versioned);
    }

    /// <summary>Percent-decodes a path and checks each segment; null when anything looks like an escape.</summary>
    public static string? Decode(string rawPath)
    {
        // Encoded separators and NUL would let one segment act as two after decoding: refuse outright.
        if (rawPath.Contains("%2f", StringComparison.OrdinalIgnoreCase) || rawPath.Contains("%5c", StringComparison.OrdinalIgnoreCase)
            || rawPath.Contains("%00", StringComparison.Ordinal))
            return null;
        string decoded;
        try
        {
            decoded = Uri.UnescapeDataString(rawPath);
        }
        catch (UriFormatException)
        {
            return null;
        }
        // Decoding twice must change nothing: "%252e%252e" is a double-encoding attack on naive servers.
        if (decoded.Contains('%') && Uri.UnescapeDataString(decoded) != decoded)
            return null;
        foreach (var c in decoded)
        {
            if (c == '\\' || char.IsControl(c))
                return null;
        }
        foreach (var segment in decoded.Split('/'))
        {
            if (segment is "." or "..")
                return null;
        }
        return decoded.TrimStart('/');
    }
}
