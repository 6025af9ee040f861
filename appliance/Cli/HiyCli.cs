using System.CommandLine;
using System.CommandLine.Help;
using Hiy.Cli.Client;
using Hiy.Cli.Commands;

namespace Hiy.Cli;

/// <summary>The `hiy` command line: `serve` runs the appliance; the rest talks to one over its REST API.</summary>
public static class HiyCli
{
    public static int Run(string[] args) => Run(args, new CliEnvironment());

    public static int Run(string[] args, CliEnvironment env)
    {
        var parse = Parse(args, env);
        var config = new InvocationConfiguration { Output = env.Out, Error = env.Err };
        if (parse.Errors.Count > 0 && parse.Action is not HelpWithExamples)
        {
            foreach (var error in parse.Errors)
                env.Err.WriteLine($"hiy: {error.Message}");
            var command = parse.CommandResult.Command;
            env.Err.WriteLine($"Try 'hiy {(command is RootCommand ? "" : command.Name + " ")}--help'.");
            return ExitCodes.Usage;
        }
        return parse.InvokeAsync(config).GetAwaiter().GetResult();
    }

    public static ParseResult Parse(string[] args, CliEnvironment? env = null) => Build(env ?? new CliEnvironment()).Parse(args);

    public static RootCommand Build(CliEnvironment env)
    {
        var options = new CliOptions(env);
        var root = new RootCommand("hiy — host it yourself: a self-hosted Heroku for a Raspberry Pi") { options.Url, options.Token, options.Json };
        root.Add(ServeCommand.Create());
        Command[] commands =
        [
            LoginCommand.Create(options), LogoutCommand.Create(options), WhoamiCommand.Create(options),
            AppsCommand.Create(options), CreateCommand.Create(options), InfoCommand.Create(options),
            DeployCommand.Create(options), DeploysCommand.Create(options), RollbackCommand.Create(options),
            AppActionCommand.Create(options, "restart"), AppActionCommand.Create(options, "stop"), AppActionCommand.Create(options, "start"),
            DestroyCommand.Create(options), LogsCommand.Create(options),
            EnvGetCommand.Create(options), EnvSetCommand.Create(options), EnvUnsetCommand.Create(options),
            DomainsCommand.Create(options), DomainsAddCommand.Create(options), DomainsRemoveCommand.Create(options),
            GitRemoteCommand.Create(options), GitCredentialCommand.Create(options),
            StaticUpdateCommand.Create(options), StaticLsCommand.Create(options), StaticActivateCommand.Create(options), StaticRmCommand.Create(options),
            StatusCommand.Create(options), TokensCommand.Create(options), TokensRevokeCommand.Create(options),
            CompletionCommand.Create(options),
        ];
        foreach (var command in commands)
            root.Add(command);
        if (root.Options.OfType<HelpOption>().FirstOrDefault() is { Action: HelpAction standard } help)
            help.Action = new HelpWithExamples(standard);
        return root;
    }
}
