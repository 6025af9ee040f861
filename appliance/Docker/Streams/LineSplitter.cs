using System.Buffers;

namespace Hiy.Docker.Streams;

/// <summary>
/// Cuts a byte stream into lines at <c>\n</c> (dropping a trailing <c>\r</c>), however the bytes are chunked.
/// A line longer than <see cref="MaxLineBytes"/> is handed out in pieces of at most that size, cut on a UTF-8
/// character boundary, so one endless line can neither exhaust memory nor split a character.
/// </summary>
internal sealed class LineSplitter(int maxLineBytes)
{
    private readonly ArrayBufferWriter<byte> _pending = new(256);

    public int MaxLineBytes { get; } = maxLineBytes > 4 ? maxLineBytes : throw new ArgumentOutOfRangeException(nameof(maxLineBytes));

    /// <summary>True while part of a line waits for its end.</summary>
    public bool HasPending => _pending.WrittenCount > 0;

    public void Append(ReadOnlySpan<byte> data, List<byte[]> lines)
    {
        while (true)
        {
            var nl = data.IndexOf((byte)'\n');
            AppendPiece(nl < 0 ? data : data[..nl], lines);
            if (nl < 0)
                return;
            lines.Add(TakeLine());
            data = data[(nl + 1)..];
        }
    }

    /// <summary>At the end of the stream: the unterminated last line, if any.</summary>
    public void Flush(List<byte[]> lines)
    {
        if (HasPending)
            lines.Add(TakeLine());
    }

    private void AppendPiece(ReadOnlySpan<byte> piece, List<byte[]> lines)
    {
        while (_pending.WrittenCount + piece.Length > MaxLineBytes)
        {
            var take = MaxLineBytes - _pending.WrittenCount;
            _pending.Write(piece[..take]);
            piece = piece[take..];
            var full = _pending.WrittenSpan;
            var cut = Utf8Boundary(full);
            var carry = full[cut..].ToArray();
            lines.Add(full[..cut].ToArray());
            _pending.ResetWrittenCount();
            _pending.Write(carry);
        }
        _pending.Write(piece);
    }

    private byte[] TakeLine()
    {
        var line = _pending.WrittenSpan;
        if (line.Length > 0 && line[^1] == (byte)'\r')
            line = line[..^1];
        var result = line.ToArray();
        _pending.ResetWrittenCount();
        return result;
    }

    /// <summary>The longest prefix of <paramref name="bytes"/> that does not end inside a UTF-8 sequence.</summary>
    internal static int Utf8Boundary(ReadOnlySpan<byte> bytes)
    {
        var i = bytes.Length - 1;
        var floor = Math.Max(0, bytes.Length - 4);
        while (i > floor && (bytes[i] & 0xC0) == 0x80)
            i--;
        if (i < 0)
            return 0;
        var lead = bytes[i];
        var need = lead < 0x80 ? 1 : lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
        var boundary = i + need <= bytes.Length ? bytes.Length : i;
        return boundary > 0 ? boundary : bytes.Length;
    }
}
