using System.CommandLine;

namespace Hiy.Cli;

/// <summary>The options every client command takes (recursive on the root), and the environment the commands run in.</summary>
public sealed class CliOptions(Client.CliEnvironment env)
{
    public Client.CliEnvironment Env { get; } = env;

    public Option<string?> Url { get; } = new("--url") { Description = "the appliance, e.g. http://hiy.local (overrides HIY_URL and the saved login)", Recursive = true };

    public Option<string?> Token { get; } = new("--token") { Description = "API token (overrides HIY_TOKEN and the saved login)", Recursive = true };

    public Option<bool> Json { get; } = new("--json") { Description = "print the API's JSON instead of tables", Recursive = true };
}
