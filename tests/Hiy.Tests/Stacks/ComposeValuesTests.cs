using Hiy.Stacks;

namespace Hiy.Tests.Stacks;

public class ComposeValuesTests
{
    [Theory]
    [InlineData("1m30s", 90_000)]
    [InlineData("10s", 10_000)]
    [InlineData("500ms", 500)]
    [InlineData("1.5h", 5_400_000)]
    [InlineData("2m", 120_000)]
    [InlineData("1h2m3s4ms", 3_723_004)]
    public void Duration_ComposeForms_Parse(string text, long ms) => Assert.Equal(TimeSpan.FromMilliseconds(ms), ComposeValues.Duration(text));

    [Theory]
    [InlineData("")]
    [InlineData("10")]
    [InlineData("10 s")]
    [InlineData("1d")]
    [InlineData("s")]
    [InlineData("-5s")]
    public void Duration_NotADuration_IsNull(string text) => Assert.Null(ComposeValues.Duration(text));

    [Theory]
    [InlineData("512m", 512L << 20)]
    [InlineData("1g", 1L << 30)]
    [InlineData("256MB", 256L << 20)]
    [InlineData("1048576", 1L << 20)]
    [InlineData("64k", 64L << 10)]
    [InlineData("0.5g", 512L << 20)]
    public void Bytes_Sizes_Parse(string text, long bytes) => Assert.Equal(bytes, ComposeValues.Bytes(text));

    [Theory]
    [InlineData("lots")]
    [InlineData("5x")]
    [InlineData("")]
    [InlineData("g")]
    public void Bytes_NotASize_IsNull(string text) => Assert.Null(ComposeValues.Bytes(text));

    [Theory]
    [InlineData("echo hi", new[] { "echo", "hi" })]
    [InlineData("sh -c 'echo $HOME; ls'", new[] { "sh", "-c", "echo $HOME; ls" })]
    [InlineData("a \"b \\\"c\\\"\" d\\ e", new[] { "a", "b \"c\"", "d e" })]
    [InlineData("  spaced   out ", new[] { "spaced", "out" })]
    [InlineData("x ''", new[] { "x", "" })]
    public void ShellWords_Quoting_SplitsAsAShell(string text, string[] words) => Assert.Equal(words, ComposeValues.ShellWords(text));

    [Theory]
    [InlineData("echo 'open")]
    [InlineData("echo \"open")]
    public void ShellWords_UnclosedQuote_IsNull(string text) => Assert.Null(ComposeValues.ShellWords(text));
}
