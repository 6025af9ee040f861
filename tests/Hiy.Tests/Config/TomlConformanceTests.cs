using System.Text;
using System.Text.Json;
using Hiy.Config;
using Tomlyn.Model;
using Xunit.Abstractions;

namespace Hiy.Tests.Config;

/// <summary>
/// <see cref="TomlDocument"/> (the entry point the config loader uses) against the toml-test suite. Valid
/// documents must parse to the sibling .json; invalid ones must be refused with a position. The 1.0.0 list
/// is run with the cases TOML 1.1 changed asserted as such (<see cref="TomlTestExpectedDifferences"/>);
/// the 1.1.0 list, the version Tomlyn implements, with none.
/// </summary>
public sealed class TomlConformanceTests(ITestOutputHelper output)
{
    [TomlTestSuiteFact]
    public void Parse_TomlTestSuite10_MatchesEveryCaseOrItsListedDifference()
    {
        var (passed, failures, differed) = Run(TomlTestSuite.FileList, TomlTestExpectedDifferences.Toml10);

        Report("toml-test", passed, failures);
        output.WriteLine($"toml-test: {differed.Count} expected differences (TOML 1.1 answers to TOML 1.0 cases), each asserted:");
        foreach (var name in differed)
            output.WriteLine($"  DIFF {name}: {TomlTestExpectedDifferences.Toml10[name]}");
        Assert.Equal(TomlTestExpectedDifferences.Toml10.Keys.Order(StringComparer.Ordinal), differed.Order(StringComparer.Ordinal));
    }

    [TomlTestSuiteFact]
    public void Parse_TomlTestSuite11_MatchesEveryListedCase()
    {
        var (passed, failures, _) = Run(TomlTestSuite.FileList11, new Dictionary<string, string>());

        Report("toml-test-1.1.0", passed, failures);
    }

    /// <summary>Runs every case of a file list; a case in <paramref name="differences"/> must get the other answer.</summary>
    private static (int Passed, List<string> Failures, List<string> Differed) Run(string fileList, IReadOnlyDictionary<string, string> differences)
    {
        var dir = TomlTestSuite.Directory;
        if (dir is null)
            Assert.Fail($"{TomlTestSuite.MissingMessage} ({TomlTestSuite.RequireVariable}=1 makes this a failure, not a skip.)");
        var listPath = Path.Combine(dir, fileList);
        Assert.True(File.Exists(listPath), $"no {fileList} in {dir}");
        var cases = File.ReadAllLines(listPath)
            .Select(l => l.Trim())
            .Where(l => l.EndsWith(".toml", StringComparison.Ordinal))
            .ToList();
        Assert.NotEmpty(cases);

        var failures = new List<string>();
        var differed = new List<string>();
        foreach (var name in differences.Keys.Where(k => !cases.Contains(k)))
            failures.Add($"{name}: listed as an expected difference but not in {fileList}");
        var passed = 0;
        foreach (var name in cases)
        {
            var reason = name.StartsWith("valid/", StringComparison.Ordinal) ? RunValid(dir, name)
                : name.StartsWith("invalid/", StringComparison.Ordinal) ? RunInvalid(dir, name)
                : "listed case is neither valid/ nor invalid/";
            if (!differences.ContainsKey(name))
            {
                if (reason is null)
                    passed++;
                else
                    failures.Add($"{name}: {reason}");
            }
            else if (reason is null)
            {
                failures.Add($"{name}: listed as an expected TOML 1.1 difference, but got the TOML 1.0 answer; remove it from the list");
            }
            else
            {
                differed.Add(name);
            }
        }
        return (passed, failures, differed);
    }

    private void Report(string label, int passed, List<string> failures)
    {
        var counts = $"{label}: {passed} passed, {failures.Count} failed";
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
        TomlParseResult parsed;
        try
        {
            parsed = TomlDocument.Parse(File.ReadAllBytes(tomlPath), name);
        }
        catch (Exception e)
        {
            return $"threw {e.GetType().Name}: {e.Message}";
        }
        if (parsed.Table is not TomlTable table)
            return $"valid document rejected: {string.Join("; ", parsed.Errors)}";
        using var expected = JsonDocument.Parse(File.ReadAllBytes(jsonPath));
        var differences = TomlTaggedJson.Compare(expected.RootElement, table);
        return differences.Count == 0 ? null : string.Join("; ", differences.Take(5)) + (differences.Count > 5 ? $"; … {differences.Count - 5} more" : "");
    }

    /// <summary>Null when the document is refused with positioned errors, else why not.</summary>
    private static string? RunInvalid(string dir, string name)
    {
        var path = Path.Combine(dir, name);
        if (!File.Exists(path))
            return $"missing {path}";
        var bytes = File.ReadAllBytes(path);
        TomlParseResult parsed;
        try
        {
            parsed = TomlDocument.Parse(bytes, name);
        }
        catch (Exception e)
        {
            return $"threw {e.GetType().Name} instead of returning errors: {e.Message}";
        }
        if (parsed.Table is { } table)
            return $"invalid document accepted ({table.Count} top-level keys): {Excerpt(bytes)}";
        if (parsed.Errors.Count == 0)
            return "refused without an error";
        return parsed.Errors.All(e => e.Line >= 1 && e.Column >= 1 && e.File == name && e.Reason.Length > 0)
            ? null
            : $"an error without a position: {string.Join("; ", parsed.Errors)}";
    }

    private static string Excerpt(byte[] bytes)
    {
        var text = Encoding.UTF8.GetString(bytes).ReplaceLineEndings("⏎");
        return text.Length > 120 ? text[..120] + "…" : text;
    }
}
