using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Parsing;
using System.Text.RegularExpressions;
using Hiy.Cli.Client;
using Hiy.Cli.Commands;

namespace Hiy.Cli;

/// <summary>The `hiy` command line: `serve` runs the appliance; the rest talks to one over its REST API.</summary>
public static partial class HiyCli
{
    public static int Run(string[] args) => Run(args, new CliEnvironment());

    public static int Run(string[] args, CliEnvironment env)
    {
        try
        {
            return RunParsed(args, env);
        }
        catch (Exception e)
        {
            // The last line of defence for "never a stack trace": commands catch their own failures, so this is a bug.
            env.Err.WriteLine($"hiy: internal error: {e.Message}");
            return ExitCodes.Failed;
        }
    }

    private static int RunParsed(string[] args, CliEnvironment env)
    {
        var parse = Parse(args, env);
        var config = new InvocationConfiguration { Output = env.Out, Error = env.Err };
        if (parse.Errors.Count > 0 && parse.Action is not HelpWithExamples)
        {
            foreach (var error in parse.Errors)
                env.Err.WriteLine($"hiy: {Say(error)}");
            var command = parse.CommandResult.Command;
            env.Err.WriteLine($"Try 'hiy {(command is RootCommand ? "" : command.Name + " ")}--help'.");
            return ExitCodes.Usage;
        }
        return parse.InvokeAsync(config).GetAwaiter().GetResult();
    }

    /// <summary>
    /// System.CommandLine's wording, said for people: "Required argument missing" does not say which argument, and
    /// "Cannot parse argument 'x' … as expected type 'System.Int32'" names a .NET type.
    /// </summary>
    private static string Say(ParseError error)
    {
        if (error.SymbolResult is ArgumentResult { Parent: CommandResult command } argument
            && error.Message.StartsWith("Required argument missing", StringComparison.Ordinal))
        {
            var usage = string.Join(' ', command.Command.Arguments.Select(a => a.Arity.MinimumNumberOfValues > 0 ? $"<{a.Name}>" : $"[{a.Name}]"));
            return $"missing <{argument.Argument.Name}>: hiy {command.Command.Name} {usage}";
        }
        if (CannotParse().Match(error.Message) is { Success: true } m)
        {
            var kind = m.Groups["type"].Value switch
            {
                "System.Int32" or "System.Int64" or "System.Nullable`1[System.Int32]" or "System.Nullable`1[System.Int64]" => "a whole number",
                "System.Double" or "System.Nullable`1[System.Double]" => "a number",
                _ => "a valid value",
            };
            var what = error.SymbolResult is ArgumentResult { Parent: not OptionResult } a ? $"<{a.Argument.Name}>"
                : m.Groups["kind"].Value == "option" ? m.Groups["name"].Value : $"<{m.Groups["name"].Value}>";
            return $"'{m.Groups["value"].Value}' is not {kind} ({what})";
        }
        return error.Message;
    }

    [GeneratedRegex(@"^Cannot parse argument '(?<value>.*)' for (?<kind>option|command|argument) '(?<name>[^']*)' as expected type '(?<type>[^']*)'")]
    private static partial Regex CannotParse();

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
            BackupCommand.Create(options), BackupLsCommand.Create(options), BackupDownloadCommand.Create(options), BackupRestoreCommand.Create(options),
            RotateKeyCommand.Create(options),
            CompletionCommand.Create(options),
        ];
        foreach (var command in commands)
            root.Add(command);
        if (root.Options.OfType<HelpOption>().FirstOrDefault() is { Action: HelpAction standard } help)
            help.Action = new HelpWithExamples(standard);
        return root;
    }
}
