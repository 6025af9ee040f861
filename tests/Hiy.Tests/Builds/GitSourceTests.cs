using Hiy.Builds;

namespace Hiy.Tests.Builds;

public class GitSourceTests
{
    [Theory]
    [InlineData("https://user:ghp_token@github.com/me/blog.git", "https://***@github.com/me/blog.git")]
    [InlineData("https://ghp_token@github.com/me/blog", "https://***@github.com/me/blog")]
    [InlineData("fatal: unable to access 'https://u:p@h/x/': 403", "fatal: unable to access 'https://***@h/x/': 403")]
    [InlineData("https://github.com/me/blog", "https://github.com/me/blog")]
    [InlineData("git@github.com:me/blog.git", "git@github.com:me/blog.git")]
    [InlineData("/srv/repos/blog.git", "/srv/repos/blog.git")]
    public void Redact_Url_MasksCredentials(string input, string expected) =>
        Assert.Equal(expected, GitSource.Redact(input));

    [Theory]
    [InlineData("0123456789abcdef0123456789abcdef01234567\trefs/heads/main\n", "refs/heads/main", "0123456789abcdef0123456789abcdef01234567")]
    [InlineData("0123456789abcdef0123456789abcdef01234567\trefs/heads/main-old\n", "refs/heads/main", null)]
    [InlineData("", "refs/heads/main", null)]
    public void ParseLsRemote_Output_FindsRef(string output, string fullRef, string? expected) =>
        Assert.Equal(expected, GitSource.ParseLsRemote(output, fullRef));

    [Theory]
    [InlineData("0123456789abcdef0123456789abcdef01234567", true)]
    [InlineData("0123456789ABCDEF0123456789abcdef01234567", false)]
    [InlineData("0123456789abcdef", false)]
    [InlineData("--upload-pack=touch /tmp/x", false)]
    public void IsSha_Value_Checks(string value, bool expected) => Assert.Equal(expected, GitSource.IsSha(value));
}
