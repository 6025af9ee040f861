namespace Hiy.Tests;

/// <summary>
/// Where the real components started by <c>scripts/test-deps.sh up</c> live. Tests that need one and
/// find none fail (never skip) with a message naming that script.
/// </summary>
public static class TestEnv
{
    private static readonly Lazy<IReadOnlyDictionary<string, string>> FromFile = new(ReadEnvFile);

    /// <summary>The state directory shared with scripts/test-deps.sh.</summary>
    public static string StateDir => Environment.GetEnvironmentVariable("HIY_TEST_STATE") ?? "/tmp/hiy-test";

    /// <summary>A setting from the environment, else from the env file test-deps.sh wrote; fails when absent.</summary>
    public static string Require(string name, string what)
    {
        var value = Environment.GetEnvironmentVariable(name);
        if (string.IsNullOrEmpty(value))
            FromFile.Value.TryGetValue(name, out value);
        if (string.IsNullOrEmpty(value))
            Assert.Fail($"{what} is not available ({name} unset): run `scripts/test-deps.sh up` first (or the whole suite with `scripts/test.sh`).");
        return value!;
    }

    public static string DockerHost => Require("HIY_TEST_DOCKER_HOST", "the test dockerd");

    /// <summary>The repository root (the folder holding hiy.sln).</summary>
    public static string RepoRoot
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "hiy.sln")))
                dir = dir.Parent;
            return dir?.FullName ?? throw new InvalidOperationException("hiy.sln not found above " + AppContext.BaseDirectory);
        }
    }

    private static IReadOnlyDictionary<string, string> ReadEnvFile()
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        var file = Path.Combine(StateDir, "env");
        if (!File.Exists(file))
            return result;
        foreach (var line in File.ReadAllLines(file))
        {
            var eq = line.IndexOf('=');
            if (eq > 0)
                result[line[..eq]] = line[(eq + 1)..];
        }
        return result;
    }
}
