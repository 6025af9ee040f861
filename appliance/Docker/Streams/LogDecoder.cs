using System.Text;
using Hiy.Docker.Models;

namespace Hiy.Docker.Streams;

/// <summary>
/// Turns the bytes of GET /containers/{id}/logs into lines, fed in chunks of any size.
/// <see cref="Multiplexed"/> decodes Docker's framed stream; <see cref="Raw"/> decodes a TTY container's plain one.
/// </summary>
internal abstract class LogDecoder
{
    /// <summary>1 MiB (as <see cref="Models.LogsOptions.MaxLineBytes"/>): a longer line is handed out in pieces (see <see cref="LineSplitter"/>).</summary>
    public const int DefaultMaxLineBytes = 1 << 20;

    public static LogDecoder Multiplexed(string subject, bool timestamps, int maxLineBytes = DefaultMaxLineBytes) =>
        new MultiplexedLogDecoder(subject, timestamps, maxLineBytes);

    public static LogDecoder Raw(bool timestamps, int maxLineBytes = DefaultMaxLineBytes) =>
        new RawLogDecoder(timestamps, maxLineBytes);

    public abstract void Feed(ReadOnlySpan<byte> data, List<DockerLogLine> output);

    /// <summary>The stream ended: hands out unterminated lines, and throws when it ended inside a frame.</summary>
    public abstract void Complete(List<DockerLogLine> output);

    protected static string Decode(byte[] line) => Encoding.UTF8.GetString(line);

    /// <summary>Splits <c>2026-11-22T02:04:14.102448668Z text</c> into its timestamp and text.</summary>
    protected static (DateTimeOffset? Timestamp, string Text) SplitTimestamp(string line)
    {
        var space = line.IndexOf(' ');
        if (space > 0 && DockerTimestamp.TryParse(line.AsSpan(0, space), out var ts))
            return (ts, line[(space + 1)..]);
        return (null, line);
    }
}

/// <summary>A TTY container's output: no frames, one stream; timestamps (when asked for) open each line.</summary>
internal sealed class RawLogDecoder(bool timestamps, int maxLineBytes) : LogDecoder
{
    private readonly LineSplitter _splitter = new(maxLineBytes);
    private readonly List<byte[]> _lines = [];

    public override void Feed(ReadOnlySpan<byte> data, List<DockerLogLine> output)
    {
        _splitter.Append(data, _lines);
        Drain(output);
    }

    public override void Complete(List<DockerLogLine> output)
    {
        _splitter.Flush(_lines);
        Drain(output);
    }

    private void Drain(List<DockerLogLine> output)
    {
        foreach (var bytes in _lines)
        {
            var text = Decode(bytes);
            if (timestamps)
            {
                var (ts, rest) = SplitTimestamp(text);
                output.Add(new DockerLogLine(DockerLogStream.Stdout, rest, ts));
            }
            else
            {
                output.Add(new DockerLogLine(DockerLogStream.Stdout, text));
            }
        }
        _lines.Clear();
    }
}
