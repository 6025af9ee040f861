using Hiy.Core;

namespace Hiy.Tests.Core;

public class GitRefNameTests
{
    [Theory]
    [InlineData("main")]
    [InlineData("refs/heads/feature/x-1")]
    [InlineData("v1.2.3")]
    [InlineData("0123456789abcdef0123456789abcdef01234567")]
    [InlineData("abc1234")]
    public void Problem_ValidRef_Null(string value) => Assert.Null(GitRefName.Problem(value));

    [Theory]
    [InlineData("--upload-pack=touch /tmp/x", "must not start with '-'")]
    [InlineData("-main", "must not start with '-'")]
    [InlineData("a..b", "'..'")]
    [InlineData("a b", "spaces")]
    [InlineData("a:b", "spaces")]
    [InlineData("a~1", "spaces")]
    [InlineData("main^", "spaces")]
    [InlineData("a\u0001b", "control")]
    [InlineData("main.lock", ".lock")]
    [InlineData("refs//heads", "'//'")]
    [InlineData(".hidden", "start with '.'")]
    [InlineData("main/", "end with")]
    [InlineData("@", "'@'")]
    [InlineData("x@{1}", "'@{'")]
    [InlineData("", "empty")]
    public void Problem_InvalidRef_SaysWhy(string value, string why) => Assert.Contains(why, GitRefName.Problem(value));

    [Fact]
    public void Problem_MegabyteRef_RefusedForLength() =>
        Assert.Contains("at most 255", GitRefName.Problem(new string('a', 1 << 20)));
}
