using System.Globalization;

namespace Hiy.Docker.Streams;

/// <summary>Docker's RFC 3339 timestamps carry nanoseconds; .NET keeps 100 ns ticks, so extra digits are dropped.</summary>
internal static class DockerTimestamp
{
    public static bool TryParse(ReadOnlySpan<char> text, out DateTimeOffset value)
    {
        value = default;
        if (text.Length < 20 || text.Length > 40 || text[4] != '-' || text[10] != 'T')
            return false;
        Span<char> buffer = stackalloc char[40];
        var dot = text.IndexOf('.');
        int length;
        if (dot < 0)
        {
            text.CopyTo(buffer);
            length = text.Length;
        }
        else
        {
            var end = dot + 1;
            while (end < text.Length && char.IsAsciiDigit(text[end]))
                end++;
            var digits = Math.Min(end - dot - 1, 7);
            text[..(dot + 1 + digits)].CopyTo(buffer);
            text[end..].CopyTo(buffer[(dot + 1 + digits)..]);
            length = dot + 1 + digits + (text.Length - end);
        }
        return DateTimeOffset.TryParse(buffer[..length], CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out value);
    }

    /// <summary>A unix time with nanoseconds, the form <c>since=</c>/<c>until=</c> accept (<c>1700000000.123456789</c>).</summary>
    public static string ToUnixNanoString(long unixNanos) =>
        string.Create(CultureInfo.InvariantCulture, $"{unixNanos / 1_000_000_000}.{unixNanos % 1_000_000_000:D9}");

    public static long ToUnixNanos(DateTimeOffset time) => (time.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) * 100;
}
