using System.Text;

namespace Hiy.Config.Toml;

/// <summary>The four string forms of TOML 1.0 §String: basic, multi-line basic, literal, multi-line literal.</summary>
internal static class TomlStringParser
{
    /// <summary>Reads any string form starting at the cursor (which is on a quote).</summary>
    public static string Read(TomlCursor cursor) => cursor.Peek() switch
    {
        '"' when cursor.StartsWith("\"\"\"") => ReadMultiline(cursor, '"'),
        '"' => ReadSingleLine(cursor, '"'),
        '\'' when cursor.StartsWith("'''") => ReadMultiline(cursor, '\''),
        _ => ReadSingleLine(cursor, '\''),
    };

    /// <summary>A basic ("…") or literal ('…') string on one line; the only forms allowed as keys.</summary>
    public static string ReadSingleLine(TomlCursor cursor, char quote)
    {
        var start = cursor.Pos;
        cursor.Advance();
        var sb = new StringBuilder();
        while (true)
        {
            var c = cursor.Peek();
            if (c == quote)
            {
                cursor.Advance();
                return sb.ToString();
            }
            if (c == TomlCursor.End)
                throw cursor.Error($"unterminated string (opened at {cursor.Where(start)})");
            if (cursor.AtNewline)
                throw cursor.Error("newline in a single-line string (use a multi-line string, or \\n)");
            if (quote == '"' && c == '\\')
            {
                ReadEscape(cursor, sb);
                continue;
            }
            CheckCharacter(cursor, c);
            sb.Append((char)c);
            cursor.Advance();
        }
    }

    /// <summary>A multi-line basic ("""…""") or literal ('''…''') string.</summary>
    private static string ReadMultiline(TomlCursor cursor, char quote)
    {
        var start = cursor.Pos;
        cursor.Advance(3);
        // TOML 1.0 §String: "A newline immediately following the opening delimiter will be trimmed."
        cursor.TryTakeNewline();
        var sb = new StringBuilder();
        while (true)
        {
            var c = cursor.Peek();
            if (c == quote && cursor.Peek(1) == quote && cursor.Peek(2) == quote)
            {
                // One or two quotes may sit right before the closing delimiter: """a""""" is a"".
                var run = 3;
                while (cursor.Peek(run) == quote)
                    run++;
                if (run > 5)
                    throw cursor.Error($"too many quotes: a multi-line string may end with at most two {quote} before its closing delimiter", cursor.Pos + 5);
                sb.Append(quote, run - 3);
                cursor.Advance(run);
                return sb.ToString();
            }
            if (c == TomlCursor.End)
                throw cursor.Error($"unterminated multi-line string (opened at {cursor.Where(start)})");
            if (cursor.TryTakeNewline())
            {
                // CRLF becomes LF, so a value does not depend on how git checked the file out
                // (TOML 1.0 §String lets parsers normalise newlines).
                sb.Append('\n');
                continue;
            }
            if (quote == '"' && c == '\\')
            {
                if (TrySkipLineEndingBackslash(cursor))
                    continue;
                ReadEscape(cursor, sb);
                continue;
            }
            CheckCharacter(cursor, c);
            sb.Append((char)c);
            cursor.Advance();
        }
    }

    /// <summary>
    /// TOML 1.0 §String: "When the last non-whitespace character on a line is an unescaped \, it will be
    /// trimmed along with all whitespace (including newlines) up to the next non-whitespace character or
    /// closing delimiter."
    /// </summary>
    private static bool TrySkipLineEndingBackslash(TomlCursor cursor)
    {
        var i = 1;
        while (TomlCursor.IsWhitespace(cursor.Peek(i)))
            i++;
        var next = cursor.Peek(i);
        if (next != '\n' && !(next == '\r' && cursor.Peek(i + 1) == '\n'))
            return false;
        cursor.Advance(i);
        while (TomlCursor.IsWhitespace(cursor.Peek()) || cursor.TryTakeNewline())
        {
            if (TomlCursor.IsWhitespace(cursor.Peek()))
                cursor.Advance();
        }
        return true;
    }

    /// <summary>TOML 1.0 §String escapes: \b \t \n \f \r \" \\ \uXXXX \UXXXXXXXX, nothing else.</summary>
    private static void ReadEscape(TomlCursor cursor, StringBuilder sb)
    {
        var start = cursor.Pos;
        cursor.Advance();
        var c = cursor.Peek();
        switch (c)
        {
            case 'b': sb.Append('\b'); break;
            case 't': sb.Append('\t'); break;
            case 'n': sb.Append('\n'); break;
            case 'f': sb.Append('\f'); break;
            case 'r': sb.Append('\r'); break;
            case '"': sb.Append('"'); break;
            case '\\': sb.Append('\\'); break;
            case 'u':
            case 'U':
                cursor.Advance();
                AppendCodePoint(cursor, sb, start, c == 'u' ? 4 : 8);
                return;
            case TomlCursor.End:
                throw cursor.Error("unterminated escape sequence", start);
            case '\n' or '\r':
                throw cursor.Error("a backslash at the end of a line is only allowed in a multi-line basic string", start);
            default:
                throw cursor.Error($"invalid escape sequence '\\{(TomlCursor.IsForbiddenControl(c) ? TomlCursor.Code(c) : ((char)c).ToString())}' (TOML 1.0 allows \\b \\t \\n \\f \\r \\\" \\\\ \\uXXXX \\UXXXXXXXX)", start);
        }
        cursor.Advance();
    }

    private static void AppendCodePoint(TomlCursor cursor, StringBuilder sb, int escapeStart, int digits)
    {
        var value = 0;
        for (var i = 0; i < digits; i++)
        {
            var d = HexValue(cursor.Peek());
            if (d < 0)
                throw cursor.Error($"expected {digits} hexadecimal digits in a \\{(digits == 4 ? 'u' : 'U')} escape, found {TomlCursor.Describe(cursor.Peek())}");
            // Eight hex digits can exceed int; anything past U+10FFFF is rejected below anyway.
            value = value > 0x10FFFF ? value : value * 16 + d;
            cursor.Advance();
        }
        if (!Rune.IsValid(value))
            throw cursor.Error($"escape \\{(digits == 4 ? 'u' : 'U')}{cursor.Slice(escapeStart + 2, cursor.Pos)} is not a Unicode scalar value", escapeStart);
        sb.Append(char.ConvertFromUtf32(value));
    }

    private static int HexValue(int c) => c switch
    {
        >= '0' and <= '9' => c - '0',
        >= 'a' and <= 'f' => c - 'a' + 10,
        >= 'A' and <= 'F' => c - 'A' + 10,
        _ => -1,
    };

    /// <summary>Control characters other than tab must be escaped (basic) or cannot appear (literal).</summary>
    private static void CheckCharacter(TomlCursor cursor, int c)
    {
        if (c == '\r')
            throw cursor.Error("a carriage return (U+000D) is only allowed as part of a CRLF newline");
        if (TomlCursor.IsForbiddenControl(c))
            throw cursor.Error($"control character {TomlCursor.Code(c)} is not allowed in a string (a basic string can escape it)");
    }
}
