using System.Globalization;
using System.Text;
using Hiy.Config.Toml;

namespace Hiy.Tests.Config;

public sealed class TomlParserTests
{
    [Theory]
    [InlineData("port 8080", 1, 6, "expected '=' after key 'port', found '8'")]
    [InlineData("a = 1\na = 2", 2, 1, "duplicate key 'a'")]
    [InlineData("[server]\nport = 1\nport = 2", 3, 1, "duplicate key 'port'")]
    [InlineData("[a]\nx = 1\n[a]", 3, 2, "table [a] is defined more than once")]
    [InlineData("a.b = 1\n[a]", 2, 2, "table [a] was already defined with dotted keys")]
    [InlineData("[[a]]\n[a]", 2, 2, "[a] is an array of tables")]
    [InlineData("a = []\n[[a]]", 2, 3, "static array")]
    [InlineData("t = {x = 1}\nt.y = 2", 2, 1, "inline table")]
    [InlineData("t = {x = 1,}", 1, 12, "trailing comma")]
    [InlineData("t = {x = 1,\ny = 2}", 1, 12, "must be on one line")]
    [InlineData("s = \"abc", 1, 9, "unterminated string (opened at 1:5)")]
    [InlineData("s = \"a\\qb\"", 1, 7, "invalid escape sequence '\\q'")]
    [InlineData("s = \"\\uD800\"", 1, 6, "not a Unicode scalar value")]
    [InlineData("s = '''a''''''", 1, 14, "too many quotes")]
    [InlineData("s = \"a\tb\u0001\"", 1, 9, "control character U+0001")]
    [InlineData("# ok\u0080 but \u007f is not", 1, 11, "control character U+007F is not allowed in a comment")]
    [InlineData("a = [1, 2", 1, 10, "unterminated array (opened at 1:5)")]
    [InlineData("a = [1 2]", 1, 8, "expected ',' or ']'")]
    [InlineData("i = 9223372036854775808", 1, 5, "out of range")]
    [InlineData("i = 0x8000000000000000", 1, 5, "out of range")]
    [InlineData("i = 012", 1, 5, "leading zeros")]
    [InlineData("i = 1__000", 1, 6, "'_' in a number must be between two digits")]
    [InlineData("i = -0x1", 1, 5, "cannot have a sign")]
    [InlineData("f = 1.e5", 1, 7, "expected a digit after the '.'")]
    [InlineData("f = 1e400", 1, 5, "out of range")]
    [InlineData("d = 2023-02-29", 1, 13, "day 29 does not exist in 2023-02")]
    [InlineData("d = 2023-01-01T10:00", 1, 21, "TOML 1.0 requires seconds")]
    [InlineData("d = 10:00:00Z", 1, 13, "expected a newline after the value of 'd', found 'Z'")]
    [InlineData("b = True", 1, 5, "expected a value, found 'True' (strings must be quoted)")]
    [InlineData("name = blog", 1, 8, "expected a value, found 'blog' (strings must be quoted)")]
    [InlineData("f = -infinity", 1, 5, "found '-infinity' (the special floats are inf and nan")]
    [InlineData("x = 1\r\ny = 2 z", 2, 7, "expected a newline after the value of 'y'")]
    [InlineData("x = 1\ry = 2", 1, 6, "expected a newline after the value of 'x', found U+000D")]
    [InlineData("k = \"\U0001F600\" x", 1, 9, "found 'x'")]
    [InlineData("\uFEFFa = =", 1, 5, "expected a value, found '='")]
    [InlineData("[a.b]\nc = 1\n[a]\nb.d = 2", 4, 1, "table 'b' is defined by a [header]")]
    [InlineData("[\"a\"\nb]", 1, 5, "expected ']' to close [a], found a newline")]
    [InlineData("\"\"\"k\"\"\" = 1", 1, 1, "a key cannot be a multi-line string")]
    public void Parse_InvalidDocument_ThrowsWithLineColumnAndReason(string toml, int line, int column, string reason)
    {
        var e = Assert.Throws<TomlException>(() => TomlParser.Parse(toml));

        Assert.Contains(reason, e.Reason, StringComparison.Ordinal);
        Assert.Equal((line, column), (e.Line, e.Column));
        Assert.Equal($"{line}:{column}: {e.Reason}", e.Message);
    }

    [Theory]
    [InlineData("s = \"\"\"\\\n   a \\\r\n\n  b\"\"\"", "s", "a b")]
    [InlineData("s = '''\nfoo\\n'''", "s", "foo\\n")]
    [InlineData("s = \"\"\"a\"\"\"\"\"", "s", "a\"\"")]
    [InlineData("s = '''a''''", "s", "a'")]
    [InlineData("s = \"\"\"a\r\nb\"\"\"", "s", "a\nb")]
    [InlineData("s = \"\\U0001F600\\u00e9\\t\"", "s", "\U0001F600\u00e9\t")]
    [InlineData("i = -9223372036854775808", "i", "-9223372036854775808")]
    [InlineData("i = 0xDEAD_beef", "i", "3735928559")]
    [InlineData("i = 0o0755", "i", "493")]
    [InlineData("i = 0b1_0", "i", "2")]
    [InlineData("i = +0", "i", "0")]
    [InlineData("f = -0.0", "f", "-0")]
    [InlineData("f = 6.02e+23", "f", "6.02E+23")]
    [InlineData("f = 1_000.5e0_1", "f", "10005")]
    [InlineData("f = -inf", "f", "-Infinity")]
    [InlineData("b = false # comment", "b", "False")]
    [InlineData("d = 1979-05-27 07:32:00.9999999999-07:00", "d", "OffsetDateTime 1979-05-27T07:32:00.9999999999-07:00")]
    [InlineData("d = 1979-05-27t07:32:00z", "d", "OffsetDateTime 1979-05-27T07:32:00Z")]
    [InlineData("d = 1979-05-27 # a date, then a comment", "d", "LocalDate 1979-05-27")]
    [InlineData("d = 2024-02-29T00:00:00", "d", "LocalDateTime 2024-02-29T00:00:00")]
    [InlineData("d = 23:59:59.5", "d", "LocalTime 23:59:59.5")]
    [InlineData("'a.b' . \"c\" = 1", "a.b/c", "1")]
    [InlineData("1.2 = 3", "1/2", "3")]
    [InlineData("\"\" = 'empty key'", "", "empty key")]
    [InlineData("[a.b.c]\n[a]\nx = 1", "a/x", "1")]
    [InlineData("[fruit]\napple.color = 'red'\n[fruit.apple.texture]\nsmooth = true", "fruit/apple/texture/smooth", "True")]
    [InlineData("[[a]]\nx = 1\n[[a]]\nx = 2\n[a.b]\ny = 3", "a/1/b/y", "3")]
    [InlineData("t = { a.b = 1, a.c = [ { d = 2 } ] }", "t/a/c/0/d", "2")]
    [InlineData("a = [\n  1, # one\n  'two',\n  [3.0],\n]", "a/2/0", "3")]
    [InlineData("\uFEFFk = 1\r\n", "k", "1")]
    public void Parse_ValidDocument_GivesValue(string toml, string path, string expected)
    {
        var value = Resolve(TomlParser.Parse(toml), path);

        Assert.Equal(expected, Render(value));
    }

    [Fact]
    public void Parse_LoneSurrogate_Throws()
    {
        // Built at run time: attribute data cannot carry a lone surrogate.
        var toml = "a = \"x" + (char)0xD800 + "\"";

        var e = Assert.Throws<TomlException>(() => TomlParser.Parse(toml));

        Assert.Equal("lone surrogate U+D800", e.Reason[^21..]);
        Assert.Equal((1, 7), (e.Line, e.Column));
    }

    [Fact]
    public void Parse_Document_KeepsKeysInDocumentOrder()
    {
        var table = TomlParser.Parse("z = 1\na = 2\n[m]\n[b]");

        Assert.Equal(["z", "a", "m", "b"], table.Keys);
    }

    [Theory]
    [InlineData(new byte[] { (byte)'a', (byte)' ', (byte)'=', (byte)' ', (byte)'"', 0xC3, (byte)'"' }, 1, 6)]
    [InlineData(new byte[] { (byte)'#', (byte)'\n', (byte)'a', (byte)'=', (byte)'"', 0xED, 0xA0, 0x80, (byte)'"' }, 2, 4)]
    [InlineData(new byte[] { 0xFE, 0xFF, 0, (byte)'a' }, 1, 1)]
    public void Parse_InvalidUtf8_ThrowsAtTheBadByte(byte[] bytes, int line, int column)
    {
        var e = Assert.Throws<TomlException>(() => TomlParser.Parse(bytes));

        Assert.StartsWith("invalid UTF-8", e.Reason, StringComparison.Ordinal);
        Assert.Equal((line, column), (e.Line, e.Column));
    }

    [Fact]
    public void Parse_Utf8WithBom_SkipsTheBom()
    {
        var bytes = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes("name = \"blög\"\n")).ToArray();

        Assert.Equal("blög", TomlParser.Parse(bytes)["name"]);
    }

    [Fact]
    public void ToDateTimeOffset_OffsetDateTime_KeepsSubMillisecondPrecision()
    {
        var value = (TomlDateTime)TomlParser.Parse("t = 2026-11-22T02:04:08.1234567+01:00")["t"];

        Assert.Equal(new DateTimeOffset(2026, 11, 22, 2, 4, 8, TimeSpan.FromHours(1)).AddTicks(1234567), value.ToDateTimeOffset());
        Assert.Equal("1234567", value.Fraction);
    }

    [Fact]
    public void Parse_DeeplyNestedArrays_ThrowsInsteadOfOverflowing()
    {
        var toml = "a = " + new string('[', 10_000) + new string(']', 10_000);

        var e = Assert.Throws<TomlException>(() => TomlParser.Parse(toml));

        Assert.Contains("nested more than", e.Reason, StringComparison.Ordinal);
    }

    /// <summary>Follows a '/'-separated path of keys and array indexes; "" is the empty key at the root.</summary>
    private static object Resolve(TomlTable root, string path)
    {
        object current = root;
        foreach (var part in path.Split('/'))
        {
            current = current switch
            {
                TomlTable t => t[part],
                TomlArray a => a[int.Parse(part, CultureInfo.InvariantCulture)],
                _ => throw new InvalidOperationException($"'{part}' of '{path}' is under a {current.GetType().Name}"),
            };
        }
        return current;
    }

    private static string Render(object value) => value switch
    {
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        long l => l.ToString(CultureInfo.InvariantCulture),
        TomlDateTime dt => $"{dt.Kind} {dt}",
        _ => value.ToString() ?? "",
    };
}
