using Hiy.Web.Webhooks;

namespace Hiy.Tests.Web.Webhooks;

public class RepoUrlTests
{
    [Theory]
    [InlineData("https://github.com/me/blog", "github.com/me/blog")]
    [InlineData("https://github.com/Me/Blog.git", "github.com/me/blog")]
    [InlineData("http://github.com/me/blog/", "github.com/me/blog")]
    [InlineData("https://github.com/me/blog.git/", "github.com/me/blog")]
    [InlineData("git@github.com:me/blog.git", "github.com/me/blog")]
    [InlineData("ssh://git@github.com:22/me/blog.git", "github.com/me/blog")]
    [InlineData("git://github.com/me/blog.git", "github.com/me/blog")]
    [InlineData("https://user:token@GitHub.com/me/blog", "github.com/me/blog")]
    [InlineData("  https://github.com/me/blog  ", "github.com/me/blog")]
    [InlineData("", null)]
    [InlineData(null, null)]
    public void Normalize_Url_Canonical(string? url, string? expected) => Assert.Equal(expected, RepoUrl.Normalize(url));

    [Theory]
    [InlineData("https://github.com/me/blog", "git@github.com:ME/blog.git", true)]
    [InlineData("https://github.com/me/blog", "https://github.com/me/blog2", false)]
    [InlineData("https://github.com/me/blog", "https://gitlab.com/me/blog", false)]
    [InlineData("https://github.com/me/blog", null, false)]
    public void Same_TwoUrls_Compares(string a, string? b, bool expected) => Assert.Equal(expected, RepoUrl.Same(a, b));
}
