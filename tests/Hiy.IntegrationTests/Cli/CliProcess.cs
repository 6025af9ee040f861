using Hiy.Core;

namespace Hiy.Tests.Cli;

/// <summary>
/// Runs the `hiy` client as a user does: the native binary named by HIY_BINARY (else the managed build through dotnet,
/// as <see cref="HiyProcess"/> picks it), with its own HOME and XDG_CONFIG_HOME, no HIY_* from the developer's shell,
/// and stdin fed from a string (not a terminal, so login reads its password from it).
/// </summary>
public sealed class CliProcess(string home)
{
    private static readonly ProcessRunner Runner = new();

    public string Home { get; } = home;

    public string ConfigPath => Path.Combine(Home, ".config", "hiy", "config.toml");

    public Dictionary<string, string?> Env
    {
        get
        {
            var env = new Dictionary<string, string?>(StringComparer.Ordinal)
            {
                ["HOME"] = Home, ["XDG_CONFIG_HOME"] = Path.Combine(Home, ".config"), ["NO_COLOR"] = null,
                ["GIT_CONFIG_NOSYSTEM"] = "1", ["GIT_TERMINAL_PROMPT"] = "0",
                ["GIT_AUTHOR_NAME"] = "hiy test", ["GIT_AUTHOR_EMAIL"] = "test@hiy.invalid",
                ["GIT_COMMITTER_NAME"] = "hiy test", ["GIT_COMMITTER_EMAIL"] = "test@hiy.invalid",
                ["http_proxy"] = null, ["https_proxy"] = null, ["HTTP_PROXY"] = null, ["HTTPS_PROXY"] = null,
            };
            foreach (var key in Environment.GetEnvironmentVariables().Keys.Cast<string>().Where(k => k.StartsWith("HIY_", StringComparison.Ordinal)))
                env[key] = null;
            return env;
        }
    }

    public static (string File, string[] Prefix) Binary()
    {
        var native = Environment.GetEnvironmentVariable("HIY_BINARY");
        if (!string.IsNullOrEmpty(native))
        {
            Assert.True(File.Exists(native), $"HIY_BINARY={native} does not exist");
            return (native, []);
        }
        Assert.False(Environment.GetEnvironmentVariable("HIY_REQUIRE_NATIVE") == "1", "HIY_REQUIRE_NATIVE=1 but HIY_BINARY is unset");
        return ("dotnet", [Path.Combine(AppContext.BaseDirectory, "hiy.dll")]);
    }

    public async Task<ProcessResult> RunInAsync(string? stdin, string? cwd, params string[] args)
    {
        var (file, prefix) = Binary();
        using var input = stdin is null ? null : new MemoryStream(System.Text.Encoding.UTF8.GetBytes(stdin));
        return await Runner.RunAsync(file, [.. prefix, .. args], cwd ?? Home, Env, stdin: input ?? new MemoryStream(), timeout: TimeSpan.FromMinutes(4));
    }

    public Task<ProcessResult> RunAsync(params string[] args) => RunInAsync(null, null, args);

    public Task<ProcessResult> GitAsync(string cwd, params string[] args) =>
        Runner.RunAsync("git", args, cwd, Env, timeout: TimeSpan.FromMinutes(4));
}
