using System.Globalization;
using System.Text;
using Hiy.Config;
using Tomlyn;
using Tomlyn.Model;

namespace Hiy.Tests.Config;

/// <summary>
/// hiy's TOML entry point over Tomlyn: where errors are placed, what they say, and the values it gives.
/// The reasons are Tomlyn's words (matched loosely); the positions and hiy's own rewrites are exact.
/// </summary>
public sealed class TomlDocumentTests
{
    [Theory]
    [InlineData("port 8080", 1, 6, "Expecting `=` after a key")]
    [InlineData("a = 1\na = 2", 2, 1, "duplicate key 'a' (first defined at 1:1)")]
    [InlineData("[server]\nport = 1\nport = 2", 3, 1, "duplicate key 'server.port' (first defined at 2:1)")]
    [InlineData("[a]\nx = 1\n[a]", 3, 1, "duplicate key 'a' (first defined at 1:1)")]
    [InlineData("a.b = 1\n[a]", 2, 1, "duplicate key 'a'")]
    [InlineData("[[a]]\n[a]", 2, 1, "duplicate key 'a'")]
    [InlineData("a = []\n[[a]]", 2, 1, "duplicate key 'a'")]
    [InlineData("t = {x = 1}\nt.y = 2", 2, 1, "duplicate key 't'")]
    [InlineData("[a.b]\nc = 1\n[a]\nb.d = 2", 4, 1, "duplicate key 'a.b' (first defined at 1:1)")]
    [InlineData("s = \"abc", 1, 8, "End-Of-File found on string")]
    [InlineData("s = \"a\\qb\"", 1, 8, "escape character [q]")]
    [InlineData("s = \"\\uD800\"", 1, 7, "Invalid Unicode scalar value [D800]")]
    [InlineData("s = '''a''''''", 1, 14, "while expecting token `newline`")]
    [InlineData("s = \"a\tb\u0001\"", 1, 5, "Invalid control character")]
    [InlineData("# ok\u0080 but \u007f is not", 1, 11, "control character U+007F in comment")]
    [InlineData("a = [1, 2", 1, 10, "closing `]` for an array")]
    [InlineData("a = [1 2]", 1, 8, "Missing a `,`")]
    [InlineData("i = 9223372036854775808", 1, 5, "Unable to parse integer")]
    // Tomlyn refuses non-decimal literals with too many digits, but wraps those with just enough
    // (2^63 to 2^64-1) to a negative: hiy's own check catches those.
    [InlineData("i = 0x8000000000000000", 1, 5, "integer 0x8000000000000000 is out of range")]
    [InlineData("a = [1, { b = 0xFFFF_FFFF_FFFF_FFFF }]", 1, 15, "integer 0xFFFF_FFFF_FFFF_FFFF is out of range")]
    [InlineData("i = 0b1000000000000000000000000000000000000000000000000000000000000000", 1, 5, "out of range")]
    [InlineData("i = 0x1_0000_0000_0000_0001", 1, 5, "Invalid size of hexadecimal integer")]
    [InlineData("i = 0o1_000_000_000_000_000_000_000", 1, 5, "Invalid size of octal integer")]
    [InlineData("i = 012", 1, 5, "leading zero")]
    [InlineData("i = 1__000", 1, 7, "underscore")]
    [InlineData("i = -0x1", 1, 7, "expecting token `newline`")]
    [InlineData("f = 1.e5", 1, 5, "Unexpected token `1.`")]
    [InlineData("d = 2023-02-29", 1, 5, "date time")]
    [InlineData("d = 10:00:00Z", 1, 5, "RFC3339")]
    [InlineData("b = True", 1, 5, "Unexpected token `True`")]
    [InlineData("name = blog", 1, 8, "Unexpected token `blog`")]
    [InlineData("f = -infinity", 1, 5, "Unexpected token `-infinity`")]
    [InlineData("x = 1\r\ny = 2 z", 2, 7, "found `z`")]
    [InlineData("x = 1\ry = 2", 1, 6, "\\r not followed by \\n")]
    [InlineData("k = \"\U0001F600\" x", 1, 9, "found `x`")]
    [InlineData("\uFEFFa = =", 1, 5, "Unexpected token `=`")]
    [InlineData("\"\"\"k\"\"\" = 1", 1, 3, "Expecting `=` after a key")]
    [InlineData("port = ", 1, 8, "`<eof>`")]
    public void Parse_InvalidDocument_GivesErrorWithLineColumnAndReason(string toml, int line, int column, string reason)
    {
        var result = TomlDocument.Parse(toml, "hiy.toml");

        Assert.False(result.Ok);
        Assert.Null(result.Table);
        var error = result.Errors[0];
        Assert.Contains(reason, error.Reason, StringComparison.Ordinal);
        Assert.Equal(("hiy.toml", line, column), (error.File, error.Line, error.Column));
        Assert.Equal($"hiy.toml:{line}:{column}: {error.Reason}", error.ToString());
    }

    [Fact]
    public void Parse_SeveralDuplicateKeys_GivesEveryOneInDocumentOrder()
    {
        var result = TomlDocument.Parse("b = 0\na = 1\na = 2\nb = 4\n", "f.toml");

        Assert.Equal(
            ["f.toml:3:1: duplicate key 'a' (first defined at 2:1)", "f.toml:4:1: duplicate key 'b' (first defined at 1:1)"],
            result.Errors.Select(e => e.ToString()));
    }

    [Fact]
    public void Parse_SeveralSyntaxErrors_GivesOnePerLineAndNoKeyChecks()
    {
        // Tomlyn checks keys only on a well-formed tree; the second error on line 2 is its recovery from the first.
        var result = TomlDocument.Parse("a = 1\nb = = 2\na = 3\nc = [\n", "f.toml");

        Assert.Equal(
            ["f.toml:2:5: Unexpected token `=` for a value", "f.toml:5:1: Unexpected token `<eof>` for a value"],
            result.Errors.Select(e => e.ToString()));
    }

    [Fact]
    public void Parse_DuplicateKeyAfterLongFirstDefinition_SaysItOnOneLine()
    {
        var result = TomlDocument.Parse("[a]\n# a comment\n# another\nb = 1\n\n[a]\n", "f.toml");

        Assert.Equal("f.toml:6:1: duplicate key 'a' (first defined at 1:1)", Assert.Single(result.Errors).ToString());
    }

    [Theory]
    [InlineData("s = \"\"\"\\\n   a \\\r\n\n  b\"\"\"", "s", "a b")]
    [InlineData("s = '''\nfoo\\n'''", "s", "foo\\n")]
    [InlineData("s = \"\"\"a\"\"\"\"\"", "s", "a\"\"")]
    [InlineData("s = '''a''''", "s", "a'")]
    [InlineData("s = \"\"\"a\r\nb\"\"\"", "s", "a\r\nb")] // TOML leaves newline normalising to the parser; Tomlyn keeps CRLF
    [InlineData("s = \"\\U0001F600\\u00e9\\t\"", "s", "\U0001F600\u00e9\t")]
    [InlineData("i = -9223372036854775808", "i", "-9223372036854775808")]
    [InlineData("i = 0xDEAD_beef", "i", "3735928559")]
    [InlineData("i = 0x7FFF_FFFF_FFFF_FFFF", "i", "9223372036854775807")]
    [InlineData("i = 0o0755", "i", "493")]
    [InlineData("i = 0b1_0", "i", "2")]
    [InlineData("i = +0", "i", "0")]
    [InlineData("f = -0.0", "f", "-0")]
    [InlineData("f = 6.02e+23", "f", "6.02E+23")]
    [InlineData("f = 1_000.5e0_1", "f", "10005")]
    [InlineData("f = -inf", "f", "-Infinity")]
    [InlineData("b = false # comment", "b", "False")]
    [InlineData("d = 1979-05-27 07:32:00.9999999-07:00", "d", "datetime 1979-05-27T07:32:00.9999999-07:00")]
    [InlineData("d = 1979-05-27t07:32:00z", "d", "datetime 1979-05-27T07:32:00Z")]
    [InlineData("d = 1979-05-27 # a date, then a comment", "d", "date-local 1979-05-27")]
    [InlineData("d = 2024-02-29T00:00:00", "d", "datetime-local 2024-02-29T00:00:00")]
    [InlineData("d = 23:59:59.5", "d", "time-local 23:59:59.5")]
    [InlineData("'a.b' . \"c\" = 1", "a.b/c", "1")]
    [InlineData("1.2 = 3", "1/2", "3")]
    [InlineData("\"\" = 'empty key'", "", "empty key")]
    [InlineData("[a.b.c]\n[a]\nx = 1", "a/x", "1")]
    [InlineData("[fruit]\napple.color = 'red'\n[fruit.apple.texture]\nsmooth = true", "fruit/apple/texture/smooth", "True")]
    [InlineData("[[a]]\nx = 1\n[[a]]\nx = 2\n[a.b]\ny = 3", "a/1/b/y", "3")]
    [InlineData("t = { a.b = 1, a.c = [ { d = 2 } ] }", "t/a/c/0/d", "2")]
    [InlineData("a = [\n  1, # one\n  'two',\n  [3.0],\n]", "a/2/0", "3")]
    [InlineData("\uFEFFk = 1\r\n", "k", "1")]
    // TOML 1.1, which Tomlyn implements: times without seconds, \xHH and \e escapes, multi-line inline tables.
    [InlineData("t = 07:32", "t", "time-local 07:32:00")]
    [InlineData("s = \"\\x41\\e\"", "s", "A\u001b")]
    [InlineData("t = {\n  a = 1,\n  b = 2,\n}", "t/b", "2")]
    public void Parse_ValidDocument_GivesValue(string toml, string path, string expected)
    {
        var result = TomlDocument.Parse(toml, "f.toml");

        Assert.True(result.Ok, string.Join("; ", result.Errors));
        Assert.Equal(expected, Render(Resolve(result.Table!, path)));
    }

    [Fact]
    public void Parse_ArrayOpenAtEndOfFile_PlacesTheErrorAtTheEnd()
    {
        // Tomlyn puts the "closing ]" error at offset 0; the file ends at line 3, column 1.
        var errors = TomlDocument.Parse("a = 1\nc = [\n", "f.toml").Errors;

        Assert.All(errors, e => Assert.Equal((3, 1), (e.Line, e.Column)));
        Assert.Single(errors);
    }

    [Fact]
    public void Parse_BackslashAtEndOfFile_GivesPositionedErrorNotTomlynsCrash()
    {
        // Tomlyn 2.10.2's lexer throws ArgumentOutOfRangeException wording this error.
        var error = Assert.Single(TomlDocument.Parse("a = 1\n\"key\\", "f.toml").Errors);

        Assert.True(error.Line >= 1 && error.Column >= 1, error.ToString());
        Assert.Contains("cannot be parsed", error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_LoneSurrogate_GivesPositionedError()
    {
        // Built at run time: attribute data cannot carry a lone surrogate.
        var result = TomlDocument.Parse("a = \"x" + (char)0xD800 + "\"", "f.toml");

        var error = result.Errors[0];
        Assert.Contains("surrogate", error.Reason, StringComparison.Ordinal);
        Assert.Equal((1, 7), (error.Line, error.Column));
    }

    [Fact]
    public void Parse_Document_KeepsKeysInDocumentOrder()
    {
        var table = TomlDocument.Parse("z = 1\na = 2\n[m]\n[b]", "f.toml").Table!;

        Assert.Equal(["z", "a", "m", "b"], table.Keys);
    }

    [Theory]
    [InlineData(new byte[] { (byte)'a', (byte)' ', (byte)'=', (byte)' ', (byte)'"', 0xC3, (byte)'"' }, 1, 6)]
    [InlineData(new byte[] { (byte)'#', (byte)'\n', (byte)'a', (byte)'=', (byte)'"', 0xED, 0xA0, 0x80, (byte)'"' }, 2, 4)]
    [InlineData(new byte[] { 0xFE, 0xFF, 0, (byte)'a' }, 1, 1)]
    public void Parse_InvalidUtf8_GivesErrorAtTheBadByte(byte[] bytes, int line, int column)
    {
        var error = Assert.Single(TomlDocument.Parse(bytes, "f.toml").Errors);

        Assert.StartsWith("invalid UTF-8", error.Reason, StringComparison.Ordinal);
        Assert.Equal((line, column), (error.Line, error.Column));
    }

    [Fact]
    public void Parse_Utf8WithBom_SkipsTheBom()
    {
        var bytes = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes("name = \"blög\"\n")).ToArray();

        Assert.Equal("blög", TomlDocument.Parse(bytes, "f.toml").Table!["name"]);
    }

    [Fact]
    public void Parse_OffsetDateTime_KeepsSubMillisecondPrecision()
    {
        var value = (TomlDateTime)TomlDocument.Parse("t = 2026-11-22T02:04:08.1234567+01:00", "f.toml").Table!["t"];

        Assert.Equal(new DateTimeOffset(2026, 11, 22, 2, 4, 8, TimeSpan.FromHours(1)).AddTicks(1234567), value.DateTime);
        Assert.Equal(7, value.SecondPrecision);
    }

    [Theory]
    [InlineData("a = ", "[", "]")]
    [InlineData("a = ", "{b=", "}")]
    public void Parse_DeeplyNested_GivesErrorInsteadOfOverflowing(string prefix, string open, string close)
    {
        // Without an explicit depth Tomlyn's syntax parser recursed 10,000 brackets into a stack overflow.
        var toml = prefix + string.Concat(Enumerable.Repeat(open, 10_000)) + "1" + string.Concat(Enumerable.Repeat(close, 10_000));

        var error = Assert.Single(TomlDocument.Parse(toml, "f.toml").Errors);

        Assert.Contains("maximum depth of 64", error.Reason, StringComparison.Ordinal);
        Assert.Equal(1, error.Line);
        Assert.True(error.Column > 60, error.ToString());
    }

    [Theory]
    [InlineData("{0} = 1")]
    [InlineData("[{0}]\nx = 1")]
    [InlineData("[[{0}]]\nx = 1")]
    [InlineData("x = {{ {0} = 1 }}")]
    public void Parse_DeeplyDottedKey_GivesErrorInsteadOfOverflowing(string template)
    {
        var key = string.Join('.', Enumerable.Repeat("a", 20_000));

        var error = Assert.Single(TomlDocument.Parse(string.Format(CultureInfo.InvariantCulture, template, key), "f.toml").Errors);

        Assert.Contains("maximum depth", error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_HugeDocument_Parses()
    {
        var toml = new StringBuilder();
        for (var i = 0; i < 20_000; i++)
            toml.Append(CultureInfo.InvariantCulture, $"k{i} = \"{new string('x', 100)}\"\n");
        toml.Append("big = \"").Append('y', 5_000_000).Append("\"\n");

        var result = TomlDocument.Parse(toml.ToString(), "f.toml");

        Assert.True(result.Ok);
        Assert.Equal(20_001, result.Table!.Count);
    }

    // Where Tomlyn 2.10.2 departs from the TOML text itself (no toml-test case covers these); hiy's own
    // range checks (ports, sizes) stand behind it. Asserted so an upgrade that changes them is noticed.
    [Theory]
    [InlineData("f = 1e400", "Infinity")] // overflows to infinity
    public void Parse_TomlynQuirk_GivesTomlynsValue(string toml, string expected) =>
        Assert.Equal(expected, Render(TomlDocument.Parse(toml, "f.toml").Table!.Values.Single()));

    [Fact]
    public void Parse_FractionBeyondSevenDigits_IsRefusedByTomlyn()
    {
        // TOML §Offset Date-Time says truncate extra precision; Tomlyn refuses it instead, with a position.
        var error = Assert.Single(TomlDocument.Parse("d = 1979-05-27T07:32:00.9999999999-07:00", "f.toml").Errors);

        Assert.Equal((1, 5), (error.Line, error.Column));
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
                TomlArray a => a[int.Parse(part, CultureInfo.InvariantCulture)]!,
                TomlTableArray a => a[int.Parse(part, CultureInfo.InvariantCulture)],
                _ => throw new InvalidOperationException($"'{part}' of '{path}' is under a {current.GetType().Name}"),
            };
        }
        return current;
    }

    private static string Render(object? value) => value switch
    {
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        long l => l.ToString(CultureInfo.InvariantCulture),
        TomlDateTime { Kind: TomlDateTimeKind.OffsetDateTimeByZ or TomlDateTimeKind.OffsetDateTimeByNumber } dt => $"datetime {dt}",
        TomlDateTime { Kind: TomlDateTimeKind.LocalDateTime } dt => $"datetime-local {dt}",
        TomlDateTime { Kind: TomlDateTimeKind.LocalDate } dt => $"date-local {dt}",
        TomlDateTime { Kind: TomlDateTimeKind.LocalTime } dt => $"time-local {dt}",
        _ => value?.ToString() ?? "null",
    };
}
