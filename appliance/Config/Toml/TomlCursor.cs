using System.Globalization;

namespace Hiy.Config.Toml;

/// <summary>
/// A position in TOML text plus the lexical rules every part of the grammar shares: whitespace,
/// comments, newlines and error reporting with a 1-based line and column.
/// </summary>
internal sealed class TomlCursor(string text)
{
    public const int End = -1;

    private readonly string _text = text;

    public int Pos { get; set; }

    public bool AtEnd => Pos >= _text.Length;

    /// <summary>The character <paramref name="offset"/> ahead, or <see cref="End"/>.</summary>
    public int Peek(int offset = 0)
    {
        var i = Pos + offset;
        return i < _text.Length ? _text[i] : End;
    }

    public void Advance(int count = 1) => Pos += count;

    public bool StartsWith(string s) => string.CompareOrdinal(_text, Pos, s, 0, s.Length) == 0;

    /// <summary>Consumes <paramref name="c"/> when it is next.</summary>
    public bool TryTake(char c)
    {
        if (Peek() != c)
            return false;
        Pos++;
        return true;
    }

    public string Slice(int start, int end) => _text[start..end];

    public static bool IsDigit(int c) => c is >= '0' and <= '9';

    // TOML 1.0 §Spec: "Whitespace means tab (0x09) or space (0x20)."
    public static bool IsWhitespace(int c) => c is ' ' or '\t';

    // TOML 1.0 §Comment: control characters other than tab are not permitted in comments
    // (U+0000..U+0008, U+000A..U+001F, U+007F); the same set applies inside strings.
    public static bool IsForbiddenControl(int c) => c is (>= 0 and <= 8) or (>= 0x0A and <= 0x1F) or 0x7F;

    public void SkipWhitespace()
    {
        while (IsWhitespace(Peek()))
            Pos++;
    }

    /// <summary>True at LF or CRLF; a CR not followed by LF is never a newline in TOML 1.0.</summary>
    public bool AtNewline => Peek() == '\n' || (Peek() == '\r' && Peek(1) == '\n');

    /// <summary>Consumes one LF or CRLF; false (consuming nothing) when neither is next.</summary>
    public bool TryTakeNewline()
    {
        if (Peek() == '\n')
        {
            Pos++;
            return true;
        }
        if (Peek() == '\r' && Peek(1) == '\n')
        {
            Pos += 2;
            return true;
        }
        return false;
    }

    /// <summary>Skips a comment if one starts here, checking its characters; stops before the newline.</summary>
    public void SkipComment()
    {
        if (Peek() != '#')
            return;
        Pos++;
        while (!AtEnd && !AtNewline)
        {
            var c = Peek();
            if (IsForbiddenControl(c))
                throw Error($"control character {Code(c)} is not allowed in a comment");
            Pos++;
        }
    }

    /// <summary>Skips whitespace, comments and newlines: the gaps between expressions and array items.</summary>
    public void SkipTrivia()
    {
        while (true)
        {
            SkipWhitespace();
            SkipComment();
            if (!TryTakeNewline())
                return;
        }
    }

    /// <summary>
    /// After a key/value pair or a table header only whitespace and a comment may follow on the line
    /// (TOML 1.0 §Keys/Values: "there must be a newline (or EOF) after a key/value pair").
    /// </summary>
    public void ExpectEndOfLine(string after)
    {
        SkipWhitespace();
        SkipComment();
        if (AtEnd || TryTakeNewline())
            return;
        throw Error($"expected a newline after {after}, found {Describe(Peek())}");
    }

    public TomlException Error(string reason) => Error(reason, Pos);

    public TomlException Error(string reason, int pos)
    {
        var (line, column) = LineAndColumn(_text, pos);
        return new TomlException(reason, line, column);
    }

    /// <summary>"line:column" of an earlier position, for messages such as "opened at 3:7".</summary>
    public string Where(int pos)
    {
        var (line, column) = LineAndColumn(_text, pos);
        return line.ToString(CultureInfo.InvariantCulture) + ":" + column.ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// 1-based line and column of a UTF-16 index. Columns count Unicode scalar values, so a character
    /// outside the BMP is one column, as an editor shows it, and a leading byte order mark is none.
    /// </summary>
    public static (int Line, int Column) LineAndColumn(string text, int pos)
    {
        pos = Math.Clamp(pos, 0, text.Length);
        var line = 1;
        var column = 1;
        for (var i = 0; i < pos; i++)
        {
            if (text[i] == '\n')
            {
                line++;
                column = 1;
            }
            else if ((i > 0 || text[i] != '\uFEFF')
                     && (!char.IsLowSurrogate(text[i]) || i == 0 || !char.IsHighSurrogate(text[i - 1])))
            {
                column++;
            }
        }
        return (line, column);
    }

    /// <summary>A character for an error message: quoted when printable, U+XXXX otherwise.</summary>
    public static string Describe(int c) => c switch
    {
        End => "end of input",
        '\n' => "a newline",
        '\'' => "\"'\"",
        _ when IsInvisible(c) => Code(c),
        _ => $"'{(char)c}'",
    };

    /// <summary>U+XXXX, for characters that would be invisible or confusing quoted.</summary>
    public static string Code(int c) => "U+" + c.ToString("X4", CultureInfo.InvariantCulture);

    private static bool IsInvisible(int c) => CharUnicodeInfo.GetUnicodeCategory((char)c) is
        UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.SpaceSeparator
        or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator or UnicodeCategory.Surrogate
        or UnicodeCategory.PrivateUse or UnicodeCategory.OtherNotAssigned;
}
