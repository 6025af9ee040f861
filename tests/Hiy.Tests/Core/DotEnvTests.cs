using Hiy.Core;

namespace Hiy.Tests.Core;

public class DotEnvTests
{
    [Theory]
    [InlineData("KEY=value", "KEY", "value")]
    [InlineData("KEY = value  ", "KEY", "value")]
    [InlineData("export KEY=value", "KEY", "value")]
    [InlineData("  export\tKEY=value", "KEY", "value")]
    [InlineData("KEY=", "KEY", "")]
    [InlineData("KEY=a=b=c", "KEY", "a=b=c")]
    [InlineData("KEY=value # a comment", "KEY", "value")]
    [InlineData("KEY=val#ue", "KEY", "val#ue")]
    [InlineData("URL=https://x.example/#frag", "URL", "https://x.example/#frag")]
    [InlineData("KEY='single $HOME \\n'", "KEY", "single $HOME \\n")]
    [InlineData("KEY='a # not a comment' # a comment", "KEY", "a # not a comment")]
    [InlineData("KEY=\"line1\\nline2\"", "KEY", "line1\nline2")]
    [InlineData("KEY=\"tab\\there \\\"quoted\\\" back\\\\slash\"", "KEY", "tab\there \"quoted\" back\\slash")]
    [InlineData("KEY=\"keep \\x unknown\"", "KEY", "keep \\x unknown")]
    [InlineData("KEY=\"\"", "KEY", "")]
    [InlineData("exporter=1", "exporter", "1")]
    [InlineData("KEY=value\r", "KEY", "value")]
    public void Parse_GoodLine_KeyAndValue(string line, string key, string value)
    {
        var result = DotEnv.Parse(line);
        Assert.True(result.Ok, string.Join("; ", result.Errors));
        var entry = Assert.Single(result.Entries);
        Assert.Equal(key, entry.Key);
        Assert.Equal(value, entry.Value);
    }

    [Theory]
    [InlineData("JUSTAKEY", null, "expected KEY=value")]
    [InlineData("=value", null, "must not be empty")]
    [InlineData("1BAD=x", "1BAD", "must not start with a digit")]
    [InlineData("MY-KEY=x", "MY-KEY", "letters, digits")]
    [InlineData("export =x", null, "must not be empty")]
    [InlineData("KEY='open", "KEY", "single quote is not closed")]
    [InlineData("KEY=\"open", "KEY", "double quote is not closed")]
    [InlineData("KEY=\"ends with escape\\\"", "KEY", "not closed")]
    [InlineData("KEY=\"a\" b", "KEY", "after the closing quote")]
    public void Parse_BadLine_ErrorNamesLineAndKey(string line, string? key, string message)
    {
        var result = DotEnv.Parse("# header\n\n" + line);
        Assert.Empty(result.Entries);
        var error = Assert.Single(result.Errors);
        Assert.Equal(3, error.Line);
        Assert.Equal(key, error.Key);
        Assert.Contains(message, error.Message);
        Assert.StartsWith("line 3", error.ToString());
    }

    [Fact]
    public void Parse_File_CommentsBlanksCrLfAndRepeatedKeyKeepsLast()
    {
        var text = "# database\r\nDB_URL=postgres://db/app\r\n\r\n   # indented comment\r\nexport DEBUG=1\r\nDB_URL=postgres://other/app\r\n";
        var result = DotEnv.Parse(text);
        Assert.True(result.Ok);
        Assert.Equal([new("DB_URL", "postgres://other/app"), new("DEBUG", "1")], result.Entries);
    }

    [Fact]
    public void Parse_SeveralBadLines_EveryOneReported()
    {
        var result = DotEnv.Parse("GOOD=1\nbad line\n2X=y\nALSO_GOOD=2\nQ='x");
        Assert.Equal([2, 3, 5], result.Errors.Select(e => e.Line));
        Assert.Equal(["GOOD", "ALSO_GOOD"], result.Entries.Select(e => e.Key));
    }

    [Fact]
    public void Parse_Empty_NoEntriesNoErrors()
    {
        var result = DotEnv.Parse("");
        Assert.True(result.Ok);
        Assert.Empty(result.Entries);
    }
}
