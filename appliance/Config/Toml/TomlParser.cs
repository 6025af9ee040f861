using System.Buffers;
using System.Text.Unicode;

namespace Hiy.Config.Toml;

/// <summary>
/// A TOML 1.0 parser (https://toml.io/en/v1.0.0). Pure: text in, <see cref="TomlTable"/> out, or a
/// <see cref="TomlException"/> naming the line, column and reason of the first error.
/// No reflection, so it stays trim- and AOT-clean.
/// </summary>
public static class TomlParser
{
    /// <summary>Parses a file's bytes: they must be valid UTF-8 (TOML 1.0 §Spec), an initial BOM is skipped.</summary>
    public static TomlTable Parse(ReadOnlySpan<byte> utf8)
    {
        var buffer = ArrayPool<char>.Shared.Rent(Math.Max(utf8.Length, 1));
        try
        {
            var status = Utf8.ToUtf16(utf8, buffer, out var read, out var written, replaceInvalidSequences: false);
            var text = new string(buffer, 0, written);
            if (status != OperationStatus.Done)
            {
                var (line, column) = TomlCursor.LineAndColumn(text, written);
                throw new TomlException($"invalid UTF-8 (byte 0x{utf8[read]:X2} at offset {read})", line, column);
            }
            return Parse(text);
        }
        finally
        {
            ArrayPool<char>.Shared.Return(buffer);
        }
    }

    /// <summary>Parses TOML text; a leading U+FEFF (byte order mark) is skipped.</summary>
    public static TomlTable Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var cursor = new TomlCursor(text);
        CheckScalarValues(text, cursor);
        if (text.Length > 0 && text[0] == '\uFEFF')
            cursor.Advance();

        var builder = new TomlTableBuilder(cursor);
        var values = new TomlValueParser(cursor, builder);
        var root = builder.NewRoot();
        var current = root;
        while (true)
        {
            cursor.SkipTrivia();
            if (cursor.AtEnd)
                return root;
            if (cursor.Peek() == '[')
                current = ReadHeader(cursor, builder, root);
            else
                ReadKeyValue(cursor, builder, values, current);
        }
    }

    /// <summary>[table] or [[array of tables]] (TOML 1.0 §Table, §Array of Tables).</summary>
    private static TomlTable ReadHeader(TomlCursor cursor, TomlTableBuilder builder, TomlTable root)
    {
        cursor.Advance();
        var isArray = cursor.TryTake('[');
        var key = TomlKeyReader.Read(cursor);
        var name = TomlKeyReader.Display(key);
        if (isArray)
        {
            if (!cursor.StartsWith("]]"))
                throw cursor.Error($"expected ']]' to close [[{name}]], found {TomlCursor.Describe(cursor.Peek())}");
            cursor.Advance(2);
        }
        else if (!cursor.TryTake(']'))
        {
            throw cursor.Error($"expected ']' to close [{name}], found {TomlCursor.Describe(cursor.Peek())}");
        }
        var table = isArray ? builder.OpenArrayElement(root, key) : builder.OpenTable(root, key);
        cursor.ExpectEndOfLine(isArray ? $"[[{name}]]" : $"[{name}]");
        return table;
    }

    private static void ReadKeyValue(TomlCursor cursor, TomlTableBuilder builder, TomlValueParser values, TomlTable table)
    {
        var key = TomlKeyReader.Read(cursor);
        var name = TomlKeyReader.Display(key);
        if (!cursor.TryTake('='))
            throw cursor.Error($"expected '=' after key '{name}', found {TomlCursor.Describe(cursor.Peek())}");
        cursor.SkipWhitespace();
        if (cursor.AtEnd || cursor.AtNewline)
            throw cursor.Error($"expected a value after '{name} =', found {TomlCursor.Describe(cursor.Peek())}");
        builder.SetValue(table, key, values.Read());
        cursor.ExpectEndOfLine($"the value of '{name}'");
    }

    /// <summary>
    /// TOML 1.0 §Spec: a document is UTF-8, so it holds only Unicode scalar values; a string built
    /// in memory can still carry a lone UTF-16 surrogate, which is rejected here.
    /// </summary>
    private static void CheckScalarValues(string text, TomlCursor cursor)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (!char.IsSurrogate(text[i]))
                continue;
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
                continue;
            }
            throw cursor.Error($"invalid Unicode: lone surrogate U+{(int)text[i]:X4}", i);
        }
    }
}
