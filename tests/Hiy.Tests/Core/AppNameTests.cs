using Hiy.Core;

namespace Hiy.Tests.Core;

public class AppNameTests
{
    [Theory]
    [InlineData("blog")]
    [InlineData("my-app-2")]
    [InlineData("a")]
    [InlineData("abcdefghijklmnopqrstuvwxyz0123")]
    public void Check_ValidName_ReturnsNull(string name) => Assert.Null(AppName.Check(name));

    [Theory]
    [InlineData("", "must not be empty")]
    [InlineData("Blog", "lower-case")]
    [InlineData("my_app", "lower-case")]
    [InlineData("../etc", "lower-case")]
    [InlineData("a.b", "lower-case")]
    [InlineData("-app", "start or end")]
    [InlineData("app-", "start or end")]
    [InlineData("1app", "start with a letter")]
    [InlineData("a--b", "'--'")]
    [InlineData("hiy", "reserved")]
    [InlineData("abcdefghijklmnopqrstuvwxyz01234", "at most 30")]
    [InlineData("blög", "lower-case")]
    public void Check_InvalidName_SaysWhy(string name, string reason) =>
        Assert.Contains(reason, AppName.Check(name));

    [Fact]
    public void Check_Null_ReturnsError() => Assert.NotNull(AppName.Check(null));
}
