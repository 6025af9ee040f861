using System.Collections.Frozen;

namespace Hiy.Proxy;

/// <summary>File extension → media type for static sites; our own table (no reflection, no registry).</summary>
public static class ContentTypes
{
    public const string Default = "application/octet-stream";

    private static readonly FrozenDictionary<string, (string Type, bool Compressible)> Map =
        new Dictionary<string, (string, bool)>(StringComparer.OrdinalIgnoreCase)
        {
            [".html"] = ("text/html; charset=utf-8", true),
            [".htm"] = ("text/html; charset=utf-8", true),
            [".css"] = ("text/css; charset=utf-8", true),
            [".js"] = ("text/javascript; charset=utf-8", true),
            [".mjs"] = ("text/javascript; charset=utf-8", true),
            [".json"] = ("application/json", true),
            [".map"] = ("application/json", true),
            [".webmanifest"] = ("application/manifest+json", true),
            [".xml"] = ("application/xml", true),
            [".rss"] = ("application/rss+xml", true),
            [".atom"] = ("application/atom+xml", true),
            [".txt"] = ("text/plain; charset=utf-8", true),
            [".md"] = ("text/markdown; charset=utf-8", true),
            [".csv"] = ("text/csv; charset=utf-8", true),
            [".svg"] = ("image/svg+xml", true),
            [".ico"] = ("image/x-icon", true),
            [".wasm"] = ("application/wasm", true),
            [".ttf"] = ("font/ttf", true),
            [".otf"] = ("font/otf", true),
            [".woff"] = ("font/woff", false),
            [".woff2"] = ("font/woff2", false),
            [".png"] = ("image/png", false),
            [".jpg"] = ("image/jpeg", false),
            [".jpeg"] = ("image/jpeg", false),
            [".gif"] = ("image/gif", false),
            [".webp"] = ("image/webp", false),
            [".avif"] = ("image/avif", false),
            [".mp4"] = ("video/mp4", false),
            [".webm"] = ("video/webm", false),
            [".mp3"] = ("audio/mpeg", false),
            [".ogg"] = ("audio/ogg", false),
            [".pdf"] = ("application/pdf", false),
            [".zip"] = ("application/zip", false),
            [".gz"] = ("application/gzip", false),
            [".tar"] = ("application/x-tar", false),
        }.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);

    /// <summary>The media type for <paramref name="path"/> and whether gzip/brotli is worth it.</summary>
    public static (string Type, bool Compressible) For(string path)
    {
        var ext = Path.GetExtension(path);
        return ext.Length > 0 && Map.TryGetValue(ext, out var entry) ? entry : (Default, false);
    }
}
