using Hiy.Docker.Models;
using Hiy.Docker.Streams;

namespace Hiy.Tests.Docker;

public class RawLogDecoderTests
{
    [Fact]
    public void Feed_TtyOutputWithCrLf_LinesOnStdout()
    {
        var decoder = LogDecoder.Raw(timestamps: false);
        var output = new List<DockerLogLine>();
        decoder.Feed("one\r\ntw"u8, output);
        decoder.Feed("o\r\nthree"u8, output);
        decoder.Complete(output);

        Assert.Equal(["one", "two", "three"], output.Select(l => l.Text));
        Assert.All(output, l => Assert.Equal(DockerLogStream.Stdout, l.Stream));
    }

    [Fact]
    public void Feed_Timestamps_ParsedAtLineStart()
    {
        var decoder = LogDecoder.Raw(timestamps: true);
        var output = new List<DockerLogLine>();
        decoder.Feed("2026-11-22T02:04:14.000000001Z hi\r\nplain\r\n"u8, output);
        decoder.Complete(output);

        Assert.Equal(["hi", "plain"], output.Select(l => l.Text));
        Assert.Equal(new DateTimeOffset(2026, 11, 22, 2, 4, 14, TimeSpan.Zero), output[0].Timestamp);
        Assert.Null(output[1].Timestamp);
    }
}
