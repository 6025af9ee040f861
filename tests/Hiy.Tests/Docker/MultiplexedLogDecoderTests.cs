using System.Text;
using Hiy.Docker;
using Hiy.Docker.Models;
using Hiy.Docker.Streams;
using static Hiy.Tests.Docker.Frames;

namespace Hiy.Tests.Docker;

public class MultiplexedLogDecoderTests
{
    private static List<DockerLogLine> Decode(byte[] bytes, int chunk, bool timestamps = false, int maxLine = LogDecoder.DefaultMaxLineBytes)
    {
        var decoder = LogDecoder.Multiplexed("container 't': logs", timestamps, maxLine);
        var output = new List<DockerLogLine>();
        for (var i = 0; i < bytes.Length; i += chunk)
            decoder.Feed(bytes.AsSpan(i, Math.Min(chunk, bytes.Length - i)), output);
        decoder.Complete(output);
        return output;
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(8)]
    [InlineData(9)]
    [InlineData(4096)]
    public void Feed_AnyChunking_SameLinesPerStream(int chunk)
    {
        var bytes = Concat(Frame(1, "hello\n"), Frame(2, "oops\n"), Frame(1, "two\nlines\n"), Frame(1, "no newline"));

        var lines = Decode(bytes, chunk);

        Assert.Equal(
        [
            new DockerLogLine(DockerLogStream.Stdout, "hello"),
            new DockerLogLine(DockerLogStream.Stderr, "oops"),
            new DockerLogLine(DockerLogStream.Stdout, "two"),
            new DockerLogLine(DockerLogStream.Stdout, "lines"),
            new DockerLogLine(DockerLogStream.Stdout, "no newline"),
        ], lines);
    }

    [Fact]
    public void Feed_LineSplitOverFramesInterleavedWithStderr_ReassemblesPerStream()
    {
        var bytes = Concat(Frame(1, "par"), Frame(2, "err\n"), Frame(1, "tial\r\n"));

        var lines = Decode(bytes, 5);

        Assert.Equal(["err", "partial"], lines.Select(l => l.Text));
        Assert.Equal([DockerLogStream.Stderr, DockerLogStream.Stdout], lines.Select(l => l.Stream));
    }

    [Fact]
    public void Feed_Timestamps_StrippedAndParsedPerFrame()
    {
        var bytes = Concat(
            Frame(1, "2026-11-22T02:04:14.102448668Z first\n"),
            Frame(1, "2026-11-22T02:04:15.000000001Z sec"),
            Frame(1, "2026-11-22T02:04:16.5Z ond\n"));

        var lines = Decode(bytes, 7, timestamps: true);

        Assert.Equal(["first", "second"], lines.Select(l => l.Text));
        Assert.Equal(new DateTimeOffset(2026, 11, 22, 2, 4, 14, TimeSpan.Zero).AddTicks(1024486), lines[0].Timestamp);
        // A line re-assembled from several frames carries the time of the frame it began in.
        Assert.Equal(new DateTimeOffset(2026, 11, 22, 2, 4, 15, TimeSpan.Zero), lines[1].Timestamp);
    }

    [Fact]
    public void Feed_HugeLineWithoutNewline_DeliveredWholeAndNextLineIntact()
    {
        var huge = new string('a', 1_000_000);
        // json-file cuts long lines into 16 KiB messages: one frame each.
        var frames = Enumerable.Range(0, (huge.Length + 16383) / 16384)
            .Select(i => Frame(1, huge.Substring(i * 16384, Math.Min(16384, huge.Length - i * 16384))))
            .Append(Frame(1, "\nafter\n"))
            .ToArray();

        var lines = Decode(Concat(frames), 65536);

        Assert.Equal(2, lines.Count);
        Assert.Equal(huge, lines[0].Text);
        Assert.Equal("after", lines[1].Text);
    }

    [Fact]
    public void Feed_LineOverTheCap_HandedOutInPiecesOnCharacterBoundaries()
    {
        var text = string.Concat(Enumerable.Repeat("é", 10)); // 2 bytes each
        var lines = Decode(Frame(1, text + "\nnext\n"), 3, maxLine: 7);

        Assert.Equal(text, string.Concat(lines.SkipLast(1).Select(l => l.Text)));
        Assert.All(lines.SkipLast(1), l => Assert.True(Encoding.UTF8.GetByteCount(l.Text) <= 7));
        Assert.Equal("next", lines[^1].Text);
    }

    [Fact]
    public void Complete_StreamCutInsidePayload_ThrowsNamingTheSubjectAfterTheCompleteLines()
    {
        var frame = Frame(1, "0123456789\n");
        var bytes = Concat(Frame(1, "whole\n"), frame[..12]);
        var decoder = LogDecoder.Multiplexed("container 't': logs", timestamps: false);
        var output = new List<DockerLogLine>();
        decoder.Feed(bytes, output);

        var e = Assert.Throws<DockerApiException>(() => decoder.Complete(output));

        Assert.Contains("container 't': logs", e.Message);
        Assert.Contains("4 of 11 bytes", e.Message);
        Assert.Equal(["whole", "0123"], output.Select(l => l.Text));
    }

    [Fact]
    public void Complete_StreamCutInsideHeader_Throws()
    {
        var decoder = LogDecoder.Multiplexed("s", timestamps: false);
        var output = new List<DockerLogLine>();
        decoder.Feed(new byte[] { 1, 0, 0 }, output);

        var e = Assert.Throws<DockerApiException>(() => decoder.Complete(output));

        Assert.Contains("frame header (3 of 8 bytes)", e.Message);
    }

    [Fact]
    public void Feed_MalformedHeader_Throws()
    {
        var decoder = LogDecoder.Multiplexed("s", timestamps: false);

        var e = Assert.Throws<DockerApiException>(() => decoder.Feed("hello world\n"u8, []));

        Assert.Contains("malformed log frame header", e.Message);
    }

    [Fact]
    public void Feed_EmptyFrame_Ignored()
    {
        var lines = Decode(Concat(Frame(1, ""), Frame(2, "x\n")), 4);

        Assert.Equal([new DockerLogLine(DockerLogStream.Stderr, "x")], lines);
    }
}
