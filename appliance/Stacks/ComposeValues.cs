using System.Globalization;
using System.Text;

namespace Hiy.Stacks;

/// <summary>The compose file's small value grammars: durations, memory sizes, command strings. Pure.</summary>
public static class ComposeValues
{
    /// <summary>
    /// A Go-style duration as compose writes it (<c>1m30s</c>, <c>10s</c>, <c>500ms</c>, <c>1.5h</c>; units h, m, s,
    /// ms, us, ns), or null when it is not one. A bare number is refused: compose would read it as nanoseconds.
    /// </summary>
    public static TimeSpan? Duration(string text)
    {
        if (text.Length is 0 or > 64)
            return null;
        double totalNs = 0;
        var i = 0;
        while (i < text.Length)
        {
            var start = i;
            while (i < text.Length && (char.IsAsciiDigit(text[i]) || text[i] == '.'))
                i++;
            if (i == start || !double.TryParse(text.AsSpan(start, i - start), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var n))
                return null;
            var unitStart = i;
            while (i < text.Length && char.IsAsciiLetter(text[i]))
                i++;
            double? scale = text[unitStart..i] switch
            {
                "h" => 3600e9, "m" => 60e9, "s" => 1e9, "ms" => 1e6, "us" or "µs" => 1e3, "ns" => 1, _ => null,
            };
            if (scale is not { } s)
                return null;
            totalNs += n * s;
        }
        return totalNs > TimeSpan.MaxValue.Ticks * 100d ? null : TimeSpan.FromTicks((long)(totalNs / 100));
    }

    /// <summary>A memory size (<c>512m</c>, <c>1g</c>, <c>256MB</c>, <c>1048576</c>) in bytes, or null. Units are powers of 1024, as Docker's.</summary>
    public static long? Bytes(string text)
    {
        var t = text.Trim().ToLowerInvariant();
        if (t.EndsWith('b') && t.Length > 1 && char.IsAsciiLetter(t[^2]))
            t = t[..^1];
        long scale = 1;
        if (t.Length > 0 && char.IsAsciiLetter(t[^1]))
        {
            scale = t[^1] switch { 'b' => 1, 'k' => 1L << 10, 'm' => 1L << 20, 'g' => 1L << 30, _ => 0 };
            t = t[..^1].TrimEnd();
        }
        if (scale == 0 || t.Length == 0 || !double.TryParse(t, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var n) || n > 1L << 50)
            return null;
        return (long)(n * scale);
    }

    /// <summary>
    /// Splits a command string into words as compose does (POSIX shell quoting: '…', "…", backslash), or null when a
    /// quote is left open.
    /// </summary>
    public static List<string>? ShellWords(string text)
    {
        var words = new List<string>();
        var word = new StringBuilder();
        var inWord = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '\'')
            {
                var end = text.IndexOf('\'', i + 1);
                if (end < 0)
                    return null;
                word.Append(text, i + 1, end - i - 1);
                i = end;
                inWord = true;
            }
            else if (c == '"')
            {
                var closed = false;
                for (i++; i < text.Length; i++)
                {
                    if (text[i] == '"') { closed = true; break; }
                    if (text[i] == '\\' && i + 1 < text.Length && text[i + 1] is '"' or '\\' or '$' or '`')
                        i++;
                    word.Append(text[i]);
                }
                if (!closed)
                    return null;
                inWord = true;
            }
            else if (c == '\\' && i + 1 < text.Length)
            {
                word.Append(text[++i]);
                inWord = true;
            }
            else if (char.IsWhiteSpace(c))
            {
                if (inWord)
                    words.Add(word.ToString());
                word.Clear();
                inWord = false;
            }
            else
            {
                word.Append(c);
                inWord = true;
            }
        }
        if (inWord)
            words.Add(word.ToString());
        return words;
    }
}
