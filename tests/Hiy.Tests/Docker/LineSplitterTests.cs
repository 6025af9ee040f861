using System.Text;
using Hiy.Docker.Streams;

namespace Hiy.Tests.Docker;

public class LineSplitterTests
{
    [Theory]
    [InlineData("a\nb\n", 1, new[] { "a", "b" })]
    [InlineData("a\r\nb", 2, new[] { "a", "b" })]
    [InlineData("\n\n", 1, new[] { "", "" })]
    [InlineData("abcdefghij\n", 3, new[] { "abcdef", "ghij" })]
    [InlineData("", 5, new string[0])]
    public void Append_Chunked_SplitsAtNewlines(string input, int chunk, string[] expected)
    {
        var splitter = new LineSplitter(6);
        var lines = new List<byte[]>();
        var bytes = Encoding.UTF8.GetBytes(input);
        for (var i = 0; i < bytes.Length; i += chunk)
            splitter.Append(bytes.AsSpan(i, Math.Min(chunk, bytes.Length - i)), lines);
        splitter.Flush(lines);

        Assert.Equal(expected, lines.Select(l => Encoding.UTF8.GetString(l)));
    }

    [Theory]
    [InlineData(new byte[] { 0x61, 0x62 }, 2)]
    [InlineData(new byte[] { 0x61, 0xC3 }, 1)]
    [InlineData(new byte[] { 0x61, 0xC3, 0xA9 }, 3)]
    [InlineData(new byte[] { 0x61, 0xE2, 0x82 }, 1)]
    [InlineData(new byte[] { 0x61, 0xF0, 0x9F, 0x98 }, 1)]
    [InlineData(new byte[] { 0xF0, 0x9F, 0x98, 0x80 }, 4)]
    public void Utf8Boundary_IncompleteSequenceAtEnd_CutBeforeIt(byte[] bytes, int expected) =>
        Assert.Equal(expected, LineSplitter.Utf8Boundary(bytes));
}
