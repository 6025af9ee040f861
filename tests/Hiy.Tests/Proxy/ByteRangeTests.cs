using Hiy.Proxy;

namespace Hiy.Tests.Proxy;

public class ByteRangeTests
{
    [Theory]
    [InlineData("bytes=0-99", 1000, ByteRangeKind.Partial, 0, 100)]
    [InlineData("bytes=100-", 1000, ByteRangeKind.Partial, 100, 900)]
    [InlineData("bytes=-100", 1000, ByteRangeKind.Partial, 900, 100)]
    [InlineData("bytes=-5000", 1000, ByteRangeKind.Partial, 0, 1000)]
    [InlineData("bytes=990-2000", 1000, ByteRangeKind.Partial, 990, 10)]
    [InlineData("bytes=1000-", 1000, ByteRangeKind.Unsatisfiable, 0, 0)]
    [InlineData("bytes=-0", 1000, ByteRangeKind.Unsatisfiable, 0, 0)]
    [InlineData("bytes=0-1,5-6", 1000, ByteRangeKind.Whole, 0, 0)]
    [InlineData("bytes=5-1", 1000, ByteRangeKind.Whole, 0, 0)]
    [InlineData("bytes=a-b", 1000, ByteRangeKind.Whole, 0, 0)]
    [InlineData("items=0-1", 1000, ByteRangeKind.Whole, 0, 0)]
    [InlineData("bytes=+1-2", 1000, ByteRangeKind.Whole, 0, 0)]
    [InlineData("", 1000, ByteRangeKind.Whole, 0, 0)]
    [InlineData(null, 1000, ByteRangeKind.Whole, 0, 0)]
    public void Parse_Header_ResolvedAgainstLength(string? header, long length, ByteRangeKind kind, long start, long count) =>
        Assert.Equal(new ByteRange(kind, start, count), ByteRange.Parse(header, length));
}
