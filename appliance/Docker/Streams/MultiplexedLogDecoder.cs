using System.Buffers.Binary;
using System.Text;
using Hiy.Docker.Models;

namespace Hiy.Docker.Streams;

/// <summary>
/// Docker's multiplexed stream (Engine API, "Attach to a container: stream format"): frames of an 8-byte header
/// <c>[stream, 0, 0, 0, size (uint32 big-endian)]</c> followed by <c>size</c> bytes. A frame is one log message,
/// which need not be one line: json-file splits lines over 16 KiB into several frames, so lines are re-assembled
/// per stream. With timestamps, every frame starts with <c>RFC3339Nano + ' '</c>; a line carries the time of the
/// frame it began in.
/// </summary>
internal sealed class MultiplexedLogDecoder(string subject, bool timestamps, int maxLineBytes) : LogDecoder
{
    private const int MaxTimestampBytes = 40;

    private readonly byte[] _header = new byte[8];
    private readonly StreamState _stdout = new(DockerLogStream.Stdout, maxLineBytes);
    private readonly StreamState _stderr = new(DockerLogStream.Stderr, maxLineBytes);
    private readonly byte[] _timestamp = new byte[MaxTimestampBytes];
    private int _headerFilled;
    private long _remaining;
    private long _frameSize;
    private StreamState? _current;
    private bool _readingTimestamp;
    private int _timestampFilled;
    private DateTimeOffset? _frameTime;

    public override void Feed(ReadOnlySpan<byte> data, List<DockerLogLine> output)
    {
        while (!data.IsEmpty)
        {
            if (_current is null)
            {
                var take = Math.Min(8 - _headerFilled, data.Length);
                data[..take].CopyTo(_header.AsSpan(_headerFilled));
                _headerFilled += take;
                data = data[take..];
                if (_headerFilled == 8)
                    StartFrame();
                continue;
            }

            var n = (int)Math.Min(_remaining, data.Length);
            var payload = data[..n];
            data = data[n..];
            _remaining -= n;
            if (_readingTimestamp)
                payload = ReadTimestamp(payload, output);
            if (!payload.IsEmpty)
                _current.Append(payload, _frameTime, output);
            if (_remaining == 0)
                EndFrame(output);
        }
    }

    public override void Complete(List<DockerLogLine> output)
    {
        var midFrame = _current is not null || _headerFilled > 0;
        var got = _current is not null ? _frameSize - _remaining : _headerFilled;
        var expected = _current is not null ? _frameSize : 8;
        if (_readingTimestamp && _timestampFilled > 0)
            _current!.Append(_timestamp.AsSpan(0, _timestampFilled), _frameTime, output);
        _stdout.Flush(output);
        _stderr.Flush(output);
        if (midFrame)
        {
            var what = _current is not null ? "frame" : "frame header";
            throw new DockerApiException($"{subject}: the log stream ended inside a {what} ({got} of {expected} bytes)");
        }
    }

    private void StartFrame()
    {
        _headerFilled = 0;
        var kind = _header[0];
        if (kind > 2 || _header[1] != 0 || _header[2] != 0 || _header[3] != 0)
            throw new DockerApiException($"{subject}: malformed log frame header {Convert.ToHexString(_header)}");
        _current = kind == 2 ? _stderr : _stdout;
        _frameSize = _remaining = BinaryPrimitives.ReadUInt32BigEndian(_header.AsSpan(4));
        _readingTimestamp = timestamps;
        _timestampFilled = 0;
        _frameTime = null;
        if (_remaining == 0)
            _current = null;
    }

    private void EndFrame(List<DockerLogLine> output)
    {
        if (_readingTimestamp && _timestampFilled > 0)
            _current!.Append(_timestamp.AsSpan(0, _timestampFilled), null, output);
        _readingTimestamp = false;
        _current = null;
    }

    /// <summary>Consumes the frame's timestamp prefix; what follows it is payload.</summary>
    private ReadOnlySpan<byte> ReadTimestamp(ReadOnlySpan<byte> payload, List<DockerLogLine> output)
    {
        var space = payload.IndexOf((byte)' ');
        var part = space < 0 ? payload : payload[..space];
        if (_timestampFilled + part.Length > MaxTimestampBytes)
        {
            // Not a timestamp after all: give the bytes back as text.
            _readingTimestamp = false;
            _current!.Append(_timestamp.AsSpan(0, _timestampFilled), null, output);
            return payload;
        }
        part.CopyTo(_timestamp.AsSpan(_timestampFilled));
        _timestampFilled += part.Length;
        if (space < 0)
            return [];
        _readingTimestamp = false;
        var text = Encoding.ASCII.GetString(_timestamp, 0, _timestampFilled);
        if (DockerTimestamp.TryParse(text, out var ts))
        {
            _frameTime = ts;
            return payload[(space + 1)..];
        }
        _current!.Append(_timestamp.AsSpan(0, _timestampFilled), null, output);
        return payload[space..];
    }

    /// <summary>The line being assembled for one of stdout/stderr.</summary>
    private sealed class StreamState(DockerLogStream stream, int maxLineBytes)
    {
        private readonly LineSplitter _splitter = new(maxLineBytes);
        private readonly List<byte[]> _lines = [];
        private DateTimeOffset? _lineTime;

        public void Append(ReadOnlySpan<byte> bytes, DateTimeOffset? frameTime, List<DockerLogLine> output)
        {
            if (!_splitter.HasPending)
                _lineTime = frameTime;
            _splitter.Append(bytes, _lines);
            foreach (var line in _lines)
            {
                output.Add(new DockerLogLine(stream, Decode(line), _lineTime ?? frameTime));
                _lineTime = frameTime;
            }
            _lines.Clear();
            if (!_splitter.HasPending)
                _lineTime = null;
        }

        public void Flush(List<DockerLogLine> output)
        {
            _splitter.Flush(_lines);
            foreach (var line in _lines)
                output.Add(new DockerLogLine(stream, Decode(line), _lineTime));
            _lines.Clear();
            _lineTime = null;
        }
    }
}
