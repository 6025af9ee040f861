namespace Hiy.Config.Toml;

/// <summary>Reads one value (TOML 1.0 §Keys/Values: string, integer, float, boolean, date-time, array, inline table).</summary>
internal sealed class TomlValueParser(TomlCursor cursor, TomlTableBuilder builder)
{
    // Arrays and inline tables recurse; a cap keeps a hostile file from overflowing the stack.
    private const int MaxDepth = 128;

    public object Read(int depth = 0)
    {
        if (depth > MaxDepth)
            throw cursor.Error($"arrays and inline tables are nested more than {MaxDepth} deep");
        var c = cursor.Peek();
        switch (c)
        {
            case '"' or '\'':
                return TomlStringParser.Read(cursor);
            case '[':
                return ReadArray(depth);
            case '{':
                return ReadInlineTable(depth);
            case 't':
                return ReadWord("true", true);
            case 'f':
                return ReadWord("false", false);
        }
        if (TomlCursor.IsDigit(c) && TomlDateTimeParser.StartsHere(cursor))
            return TomlDateTimeParser.Read(cursor);
        if (TomlCursor.IsDigit(c) || c is '+' or '-' || cursor.StartsWith("inf") || cursor.StartsWith("nan"))
            return TomlNumberParser.Read(cursor);
        if (c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z'))
            throw cursor.Error($"expected a value, found '{Word()}' (strings must be quoted)");
        throw cursor.Error($"expected a value, found {TomlCursor.Describe(c)}");
    }

    /// <summary>The bare word at the cursor, for a message; the cursor does not move.</summary>
    private string Word()
    {
        var end = 0;
        while (TomlKeyReader.IsBare(cursor.Peek(end)) && end < 40)
            end++;
        return cursor.Slice(cursor.Pos, cursor.Pos + end);
    }

    private bool ReadWord(string word, bool value)
    {
        if (!cursor.StartsWith(word))
            throw cursor.Error($"expected a value; did you mean {word}? (booleans are lower case, strings are quoted)");
        cursor.Advance(word.Length);
        return value;
    }

    /// <summary>TOML 1.0 §Array: values of any types, newlines and comments between them, an optional trailing comma.</summary>
    private TomlArray ReadArray(int depth)
    {
        var start = cursor.Pos;
        cursor.Advance();
        var array = new TomlArray();
        while (true)
        {
            cursor.SkipTrivia();
            if (cursor.TryTake(']'))
                return array;
            if (cursor.AtEnd)
                throw Unterminated("array", start);
            array.Add(Read(depth + 1));
            cursor.SkipTrivia();
            if (cursor.TryTake(']'))
                return array;
            if (cursor.AtEnd)
                throw Unterminated("array", start);
            if (!cursor.TryTake(','))
                throw cursor.Error($"expected ',' or ']' after an array element, found {TomlCursor.Describe(cursor.Peek())}");
        }
    }

    /// <summary>
    /// TOML 1.0 §Inline Table: on one line, no trailing comma, and closed for good at the '}'.
    /// Dotted keys inside it follow the same rules as in a standard table.
    /// </summary>
    private TomlTable ReadInlineTable(int depth)
    {
        var start = cursor.Pos;
        cursor.Advance();
        var table = builder.NewInlineTable();
        cursor.SkipWhitespace();
        if (cursor.TryTake('}'))
        {
            builder.Freeze(table);
            return table;
        }
        while (true)
        {
            cursor.SkipWhitespace();
            if (cursor.Peek() == '}')
                throw cursor.Error("a trailing comma is not allowed in an inline table");
            CheckOnOneLine(start);
            var key = TomlKeyReader.Read(cursor);
            cursor.SkipWhitespace();
            if (!cursor.TryTake('='))
            {
                CheckOnOneLine(start);
                throw cursor.Error($"expected '=' after key '{TomlKeyReader.Display(key)}', found {TomlCursor.Describe(cursor.Peek())}");
            }
            cursor.SkipWhitespace();
            CheckOnOneLine(start);
            builder.SetValue(table, key, Read(depth + 1));
            cursor.SkipWhitespace();
            if (cursor.TryTake('}'))
            {
                builder.Freeze(table);
                return table;
            }
            CheckOnOneLine(start);
            if (!cursor.TryTake(','))
                throw cursor.Error($"expected ',' or '}}' after the value of '{TomlKeyReader.Display(key)}', found {TomlCursor.Describe(cursor.Peek())}");
        }
    }

    private void CheckOnOneLine(int start)
    {
        if (cursor.AtEnd)
            throw Unterminated("inline table", start);
        if (cursor.AtNewline)
            throw cursor.Error("an inline table must be on one line (TOML 1.0 allows no newline before its '}')");
    }

    private TomlException Unterminated(string what, int start) =>
        cursor.Error($"unterminated {what} (opened at {cursor.Where(start)})");
}
