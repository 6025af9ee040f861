using Hiy.Proxy;

namespace Hiy.Tests.Proxy;

public class EntityTagTests
{
    private static readonly DateTimeOffset When = new(2026, 1, 2, 3, 4, 5, TimeSpan.Zero);

    [Fact]
    public void For_SameInputs_SameStrongTag()
    {
        var tag = EntityTag.For(1234, When);
        Assert.Equal(tag, EntityTag.For(1234, When));
        Assert.StartsWith("\"", tag);
        Assert.EndsWith("\"", tag);
    }

    [Fact]
    public void For_ChangedSizeTimeOrEncoding_DifferentTag()
    {
        var tag = EntityTag.For(1234, When);
        Assert.NotEqual(tag, EntityTag.For(1235, When));
        Assert.NotEqual(tag, EntityTag.For(1234, When.AddSeconds(1)));
        Assert.NotEqual(tag, EntityTag.For(1234, When, "br"));
    }

    [Theory]
    [InlineData("\"abc\"", true)]
    [InlineData("W/\"abc\"", true)]
    [InlineData("\"x\", \"abc\"", true)]
    [InlineData("*", true)]
    [InlineData("\"abcd\"", false)]
    [InlineData("abc", false)]
    public void NoneMatchHits_Header_WeakComparison(string header, bool expected) =>
        Assert.Equal(expected, EntityTag.NoneMatchHits(header, "\"abc\""));
}
