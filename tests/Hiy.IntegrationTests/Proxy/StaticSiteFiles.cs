namespace Hiy.Tests.Proxy;

/// <summary>A two-version static site on disk, plus a secret beside it and symlinks that try to reach it.</summary>
internal static class StaticSiteFiles
{
    public const string Css = "body { color: #123456; }\n";

    public static Dictionary<string, string> Create(string root)
    {
        var v1 = Directory.CreateDirectory(Path.Combine(root, "versions", "1")).FullName;
        var v2 = Directory.CreateDirectory(Path.Combine(root, "versions", "2")).FullName;
        File.WriteAllText(Path.Combine(v1, "index.html"), "<h1>version one</h1>");
        File.WriteAllText(Path.Combine(v2, "index.html"), "<h1>version two</h1>");
        File.WriteAllText(Path.Combine(v2, "site.css"), string.Concat(Enumerable.Repeat(Css, 200)));
        Directory.CreateDirectory(Path.Combine(v2, "sub"));
        File.WriteAllText(Path.Combine(v2, "sub", "index.html"), "<h1>sub</h1>");
        Directory.CreateDirectory(Path.Combine(v2, "nolisting"));
        File.WriteAllText(Path.Combine(v2, "nolisting", "a.txt"), "a");
        File.WriteAllText(Path.Combine(root, "secret.txt"), "TOP SECRET");
        Directory.CreateDirectory(Path.Combine(root, "outside"));
        File.WriteAllText(Path.Combine(root, "outside", "also-secret.txt"), "TOP SECRET");
        File.CreateSymbolicLink(Path.Combine(v2, "leak.txt"), Path.Combine(root, "secret.txt"));
        Directory.CreateSymbolicLink(Path.Combine(v2, "leakdir"), Path.Combine(root, "outside"));
        // A symlink that stays inside the root is fine.
        File.CreateSymbolicLink(Path.Combine(v2, "alias.html"), "index.html");
        return new Dictionary<string, string> { ["1"] = v1, ["2"] = v2 };
    }
}
