using System.Reflection;
using System.Security.Cryptography;

namespace Hiy.Web.Dashboard;

/// <summary>
/// The dashboard's static files (HTML, CSS, vanilla JS; no build step), embedded in the binary under
/// <see cref="ResourcePrefix"/> so the appliance serves them offline. <c>index.html</c> is served at <c>/</c>,
/// every other file at <c>/&lt;name&gt;</c>.
/// </summary>
public static class DashboardAssets
{
    public const string ResourcePrefix = "Hiy.Web.Dashboard.";

    public static IReadOnlyList<DashboardAsset> Load() => Load(typeof(DashboardAssets).Assembly);

    public static IReadOnlyList<DashboardAsset> Load(Assembly assembly)
    {
        var assets = new List<DashboardAsset>();
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            var file = name[ResourcePrefix.Length..];
            using var stream = assembly.GetManifestResourceStream(name)!;
            using var buffer = new MemoryStream();
            stream.CopyTo(buffer);
            var body = buffer.ToArray();
            // A content hash: the files change only with a new binary, and then every browser must notice.
            var etag = "\"" + Convert.ToHexStringLower(SHA256.HashData(body))[..20] + "\"";
            assets.Add(new DashboardAsset(file == "index.html" ? "/" : "/" + file, ContentTypeOf(file), body, etag));
        }
        return assets;
    }

    public static string ContentTypeOf(string file) => Path.GetExtension(file) switch
    {
        ".html" => "text/html; charset=utf-8",
        ".js" => "text/javascript; charset=utf-8",
        ".css" => "text/css; charset=utf-8",
        ".svg" => "image/svg+xml",
        var other => throw new InvalidOperationException($"dashboard asset '{file}': no content type for '{other}'"),
    };
}
