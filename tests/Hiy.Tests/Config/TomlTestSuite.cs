namespace Hiy.Tests.Config;

/// <summary>
/// Where the toml-test suite (https://github.com/toml-lang/toml-test, its tests/ folder) lives:
/// HIY_TOML_TEST_DIR, else ../shared/conformance/toml-test/tests next to the repository root.
/// </summary>
public static class TomlTestSuite
{
    public const string DirVariable = "HIY_TOML_TEST_DIR";
    public const string RequireVariable = "HIY_REQUIRE_CONFORMANCE";

    /// <summary>The file naming exactly the cases that apply to TOML 1.0.0.</summary>
    public const string FileList = "files-toml-1.0.0";

    /// <summary>The same for TOML 1.1.0, the version Tomlyn implements.</summary>
    public const string FileList11 = "files-toml-1.1.0";

    private static readonly Lazy<string> Candidate = new(FindCandidate);

    /// <summary>The folder searched, whether or not it exists.</summary>
    public static string SearchedDirectory => Candidate.Value;

    /// <summary>The suite's tests/ folder, or null when it is not there.</summary>
    public static string? Directory =>
        File.Exists(Path.Combine(Candidate.Value, FileList)) ? Candidate.Value : null;

    /// <summary>True when a missing suite must fail the run instead of skipping (CI sets HIY_REQUIRE_CONFORMANCE=1).</summary>
    public static bool Required => Environment.GetEnvironmentVariable(RequireVariable) == "1";

    public static string MissingMessage =>
        $"toml-test suite not found: no {FileList} in {SearchedDirectory}. Get the tests/ folder of " +
        "https://github.com/toml-lang/toml-test and place it at ../shared/conformance/toml-test/tests " +
        $"(beside the repository root), or point {DirVariable} at it.";

    private static string FindCandidate()
    {
        var fromEnv = Environment.GetEnvironmentVariable(DirVariable);
        if (!string.IsNullOrEmpty(fromEnv))
            return Path.GetFullPath(fromEnv);
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "hiy.sln")))
            dir = dir.Parent;
        var root = dir?.FullName ?? AppContext.BaseDirectory;
        return Path.GetFullPath(Path.Combine(root, "..", "shared", "conformance", "toml-test", "tests"));
    }
}
