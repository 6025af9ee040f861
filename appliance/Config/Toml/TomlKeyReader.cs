using System.Text;

namespace Hiy.Config.Toml;

/// <summary>One part of a dotted key, with where it was written so errors can point at it.</summary>
internal readonly record struct TomlKeyPart(string Name, int Pos);

/// <summary>TOML 1.0 §Keys: bare, quoted and dotted keys.</summary>
internal static class TomlKeyReader
{
    /// <summary>Reads a (possibly dotted) key; whitespace around the dots is allowed.</summary>
    public static List<TomlKeyPart> Read(TomlCursor cursor)
    {
        var parts = new List<TomlKeyPart>();
        while (true)
        {
            cursor.SkipWhitespace();
            var pos = cursor.Pos;
            var c = cursor.Peek();
            string name;
            if (c is '"' or '\'')
            {
                if (cursor.StartsWith("\"\"\"") || cursor.StartsWith("'''"))
                    throw cursor.Error("a key cannot be a multi-line string");
                name = TomlStringParser.ReadSingleLine(cursor, (char)c);
            }
            else if (IsBare(c))
            {
                while (IsBare(cursor.Peek()))
                    cursor.Advance();
                name = cursor.Slice(pos, cursor.Pos);
            }
            else
            {
                throw cursor.Error(parts.Count == 0
                    ? $"expected a key, found {TomlCursor.Describe(c)}"
                    : $"expected a key after '.' in '{Display(parts)}.', found {TomlCursor.Describe(c)}");
            }
            parts.Add(new TomlKeyPart(name, pos));
            cursor.SkipWhitespace();
            if (!cursor.TryTake('.'))
                return parts;
        }
    }

    // TOML 1.0 §Keys: "Bare keys may only contain ASCII letters, ASCII digits, underscores, and dashes."
    public static bool IsBare(int c) =>
        c is (>= 'A' and <= 'Z') or (>= 'a' and <= 'z') or (>= '0' and <= '9') or '_' or '-';

    /// <summary>The first <paramref name="count"/> parts as TOML would write them, for messages.</summary>
    public static string Display(IReadOnlyList<TomlKeyPart> parts, int count = -1)
    {
        if (count < 0)
            count = parts.Count;
        var sb = new StringBuilder();
        for (var i = 0; i < count; i++)
        {
            if (i > 0)
                sb.Append('.');
            AppendPart(sb, parts[i].Name);
        }
        return sb.ToString();
    }

    private static void AppendPart(StringBuilder sb, string name)
    {
        if (name.Length > 0 && name.All(c => IsBare(c)))
        {
            sb.Append(name);
            return;
        }
        sb.Append('"');
        foreach (var c in name)
        {
            if (c is '"' or '\\')
                sb.Append('\\').Append(c);
            else if (c < 0x20 || c == 0x7F)
                sb.Append(@"\u").Append(((int)c).ToString("X4", System.Globalization.CultureInfo.InvariantCulture));
            else
                sb.Append(c);
        }
        sb.Append('"');
    }
}
