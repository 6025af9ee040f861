using Microsoft.Playwright;

namespace Hiy.Tests.Dashboard;

/// <summary>
/// Where the dashboard's screenshots go: <c>$HIY_TEST_ARTIFACTS/screenshots</c> when the runner names an artifacts
/// folder, else <c>artifacts/screenshots</c> under the repository (scripts/test.sh keeps its output in artifacts/),
/// one file per page and width: <c>&lt;page&gt;-&lt;desktop|phone&gt;.png</c>.
/// </summary>
public static class Screenshots
{
    public static string Dir
    {
        get
        {
            var root = Environment.GetEnvironmentVariable("HIY_TEST_ARTIFACTS");
            return Path.Combine(string.IsNullOrEmpty(root) ? Path.Combine(TestEnv.RepoRoot, "artifacts") : root, "screenshots");
        }
    }

    public static string PathFor(string page, Viewport viewport) =>
        Path.Combine(Dir, $"{page}-{(viewport == Viewport.Phone ? "phone" : "desktop")}.png");

    /// <summary>A full-page PNG of what the browser shows now; returns its path.</summary>
    public static async Task<string> SaveAsync(IPage browserPage, string page, Viewport viewport)
    {
        Directory.CreateDirectory(Dir);
        var path = PathFor(page, viewport);
        await browserPage.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true, Animations = ScreenshotAnimations.Disabled });
        Assert.True(new FileInfo(path).Length > 1000, $"screenshot {path} is empty");
        return path;
    }
}
