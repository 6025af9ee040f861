using Hiy.Web.Auth;

namespace Hiy.Tests.Web.Auth;

public class TokenNameTests
{
    [Theory]
    [InlineData(null, "cli")]
    [InlineData("ci", "ci")]
    [InlineData("  cli@laptop  ", "cli@laptop")]
    [InlineData("Ana’s phone 📱", "Ana’s phone 📱")]
    public void Normalise_Good_TrimmedOrDefault(string? given, string expected)
    {
        var (name, error) = TokenName.Normalise(given);
        Assert.Null(error);
        Assert.Equal(expected, name);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("a\tb")]
    [InlineData("a\u200Bb")] // zero-width space: a format character
    public void Normalise_Bad_Error(string given)
    {
        var (name, error) = TokenName.Normalise(given);
        Assert.Null(name);
        Assert.NotNull(error);
    }

    [Fact]
    public void Normalise_UnpairedSurrogate_Error()
    {
        // built at run time: an attribute's string would carry U+FFFD instead of the lone surrogate
        var lone = "a" + (char)0xD800;
        Assert.Contains("surrogate", TokenName.Normalise(lone).Error);
    }

    [Fact]
    public void Normalise_Length_64RunesAllowed65Not()
    {
        Assert.Null(TokenName.Normalise(new string('x', 64)).Error);
        Assert.NotNull(TokenName.Normalise(new string('x', 65)).Error);
        Assert.Null(TokenName.Normalise(string.Concat(Enumerable.Repeat("📱", 64))).Error); // 128 UTF-16 units, 64 characters
    }

    [Theory]
    [InlineData(null, true)]
    [InlineData(0, false)]
    [InlineData(59, false)]
    [InlineData(60, true)]
    public void StampDue_SecondsSinceLastUse_OncePerMinute(int? secondsAgo, bool due)
    {
        var now = new DateTimeOffset(2026, 12, 2, 3, 0, 0, TimeSpan.Zero);
        Assert.Equal(due, TokenAuthenticator.StampDue(secondsAgo is { } s ? now.AddSeconds(-s) : null, now));
    }
}
