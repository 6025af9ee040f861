using System.Globalization;

namespace Hiy.Proxy;

public enum ByteRangeKind
{
    /// <summary>No usable Range header (absent, malformed, or several ranges): send the whole file.</summary>
    Whole,
    /// <summary>One satisfiable range: 206.</summary>
    Partial,
    /// <summary>A well-formed range that misses the file: 416.</summary>
    Unsatisfiable,
}

/// <summary>A single byte range (RFC 9110 §14.1.2) resolved against a length; multipart ranges are not served.</summary>
public readonly record struct ByteRange(ByteRangeKind Kind, long Start = 0, long Length = 0)
{
    public static ByteRange Parse(string? header, long length)
    {
        if (string.IsNullOrEmpty(header) || !header.StartsWith("bytes=", StringComparison.OrdinalIgnoreCase))
            return new ByteRange(ByteRangeKind.Whole);
        var spec = header.AsSpan(6).Trim();
        if (spec.Contains(','))
            return new ByteRange(ByteRangeKind.Whole);
        var dash = spec.IndexOf('-');
        if (dash < 0)
            return new ByteRange(ByteRangeKind.Whole);
        var first = spec[..dash].Trim();
        var last = spec[(dash + 1)..].Trim();
        const NumberStyles digits = NumberStyles.None;
        if (first.IsEmpty)
        {
            // "bytes=-500": the last 500 bytes.
            if (!long.TryParse(last, digits, CultureInfo.InvariantCulture, out var suffix))
                return new ByteRange(ByteRangeKind.Whole);
            if (suffix == 0 || length == 0)
                return new ByteRange(ByteRangeKind.Unsatisfiable);
            var n = Math.Min(suffix, length);
            return new ByteRange(ByteRangeKind.Partial, length - n, n);
        }
        if (!long.TryParse(first, digits, CultureInfo.InvariantCulture, out var start))
            return new ByteRange(ByteRangeKind.Whole);
        var end = length - 1;
        if (!last.IsEmpty)
        {
            if (!long.TryParse(last, digits, CultureInfo.InvariantCulture, out end) || end < start)
                return new ByteRange(ByteRangeKind.Whole);
            end = Math.Min(end, length - 1);
        }
        return start >= length
            ? new ByteRange(ByteRangeKind.Unsatisfiable)
            : new ByteRange(ByteRangeKind.Partial, start, end - start + 1);
    }
}
