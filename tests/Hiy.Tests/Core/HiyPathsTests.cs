using Hiy.Core;

namespace Hiy.Tests.Core;

public class HiyPathsTests
{
    [Fact]
    public void BuildWorkDir_ValidApp_StaysUnderDataDir()
    {
        var p = new HiyPaths("/var/lib/hiy");
        Assert.Equal("/var/lib/hiy/builds/blog/42", p.BuildWorkDir("blog", 42));
        Assert.Equal("/var/lib/hiy/hiy.db", p.Database);
    }

    [Theory]
    [InlineData("..")]
    [InlineData(".")]
    [InlineData("a/b")]
    [InlineData("a\\b")]
    [InlineData("")]
    [InlineData("a\0b")]
    public void Segment_Escaping_Throws(string segment) =>
        Assert.Throws<ArgumentException>(() => HiyPaths.Segment(segment));

    [Fact]
    public void SiteVersionDir_DotDotVersion_Throws() =>
        Assert.Throws<ArgumentException>(() => new HiyPaths("/d").SiteVersionDir("site", ".."));

    [Theory]
    [InlineData("index.html", "/srv/site/index.html")]
    [InlineData("/a/b.css", "/srv/site/a/b.css")]
    [InlineData("a/../b", "/srv/site/b")]
    [InlineData("", "/srv/site")]
    public void Under_InsideRoot_ReturnsPath(string relative, string expected) =>
        Assert.Equal(expected, HiyPaths.Under("/srv/site", relative));

    [Theory]
    [InlineData("../secret")]
    [InlineData("a/../../secret")]
    [InlineData("/../site2/x")]
    [InlineData("x\0y")]
    public void Under_Escape_ReturnsNull(string relative) => Assert.Null(HiyPaths.Under("/srv/site", relative));

    [Fact]
    public void Ctor_RelativeDataDir_IsMadeAbsolute() =>
        Assert.True(Path.IsPathRooted(new HiyPaths("rel/dir").DataDir));
}
