using System.Text;
using System.Text.Json;
using Hiy.Config.Toml;
using Xunit.Abstractions;

namespace Hiy.Tests.Config;

/// <summary>
/// TomlParser against the toml-test suite: exactly the cases listed in files-toml-1.0.0. Valid documents
/// must parse to the sibling .json; invalid ones must throw a TomlException with a position.
/// </summary>
public sealed class TomlConformanceTests(ITestOutputHelper output)
{
    [TomlTestSuiteFact]
    public void Parse_TomlTestSuite_MatchesEveryListedCase()
    {
        var dir = TomlTestSuite.Directory;
        if (dir is null)
            Assert.Fail($"{TomlTestSuite.MissingMessage} ({TomlTestSuite.RequireVariable}=1 makes this a failure, not a skip.)");

        var cases = File.ReadAllLines(Path.Combine(dir, TomlTestSuite.FileList))
            .Select(l => l.Trim())
            .Where(l => l.EndsWith(".toml", StringComparison.Ordinal))
            .ToList();
        Assert.NotEmpty(cases);

        var failures = new List<string>();
        foreach (var name in cases)
        {
            var reason = name.StartsWith("valid/", StringComparison.Ordinal) ? RunValid(dir, name)
                : name.StartsWith("invalid/", StringComparison.Ordinal) ? RunInvalid(dir, name)
                : "listed case is neither valid/ nor invalid/";
            if (reason is not null)
                failures.Add($"{name}: {reason}");
        }

        var counts = $"toml-test: {cases.Count - failures.Count} passed, {failures.Count} failed";
        Console.WriteLine(counts);
        output.WriteLine(counts);
        foreach (var failure in failures)
            output.WriteLine("  FAIL " + failure);
        if (failures.Count > 0)
            Assert.Fail(counts + Environment.NewLine + string.Join(Environment.NewLine, failures.Select(f => "  FAIL " + f)));
    }

    /// <summary>Null when the document parses to the expected JSON, else why not.</summary>
    private static string? RunValid(string dir, string name)
    {
        var tomlPath = Path.Combine(dir, name);
        var jsonPath = Path.ChangeExtension(tomlPath, ".json");
        if (!File.Exists(tomlPath) || !File.Exists(jsonPath))
            return $"missing {(File.Exists(tomlPath) ? jsonPath : tomlPath)}";
        TomlTable parsed;
        try
        {
            parsed = TomlParser.Parse(File.ReadAllBytes(tomlPath));
        }
        catch (Exception e)
        {
            return $"valid document rejected: {e.GetType().Name}: {e.Message}";
        }
        using var expected = JsonDocument.Parse(File.ReadAllBytes(jsonPath));
        var differences = TomlTaggedJson.Compare(expected.RootElement, parsed);
        return differences.Count == 0 ? null : string.Join("; ", differences.Take(5)) + (differences.Count > 5 ? $"; … {differences.Count - 5} more" : "");
    }

    /// <summary>Null when the document is rejected with a TomlException carrying a position, else why not.</summary>
    private static string? RunInvalid(string dir, string name)
    {
        var path = Path.Combine(dir, name);
        if (!File.Exists(path))
            return $"missing {path}";
        var bytes = File.ReadAllBytes(path);
        try
        {
            var parsed = TomlParser.Parse(bytes);
            return $"invalid document accepted ({parsed.Count} top-level keys): {Excerpt(bytes)}";
        }
        catch (TomlException e)
        {
            return e.Line >= 1 && e.Column >= 1 ? null : $"TomlException without a position ({e.Line}:{e.Column}): {e.Reason}";
        }
        catch (Exception e)
        {
            return $"threw {e.GetType().Name} instead of TomlException: {e.Message}";
        }
    }

    private static string Excerpt(byte[] bytes)
    {
        var text = Encoding.UTF8.GetString(bytes).ReplaceLineEndings("⏎");
        return text.Length > 120 ? text[..120] + "…" : text;
    }
}
