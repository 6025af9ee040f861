using System.CommandLine;
using Hiy.Cli.Client;

namespace Hiy.Cli.Commands;

/// <summary><c>hiy env:get &lt;app&gt; [KEY]</c>: every variable, or one value alone (for scripts).</summary>
public static class EnvGetCommand
{
    public static CliCommand Create(CliOptions options)
    {
        var app = Args.App();
        var key = new Argument<string?>("key") { Description = "one variable: prints just its value", Arity = ArgumentArity.ZeroOrOne };
        var command = new CliCommand("env:get", "show an app's environment variables", "hiy env:get blog", "hiy env:get blog DATABASE_URL") { app, key };
        return command.Run(options, async (ctx, parse, ct) =>
        {
            var name = parse.GetValue(app)!;
            var env = await ctx.Client.GetAsync(Args.AppPath(name, "/env"), ClientJsonContext.Default.DictionaryStringString, ct);
            if (parse.GetValue(key) is { } one)
            {
                if (!env.Value.TryGetValue(one, out var value))
                    throw CliException.Failed($"app '{name}' has no env var '{one}'");
                ctx.Out.Line(value);
                return ExitCodes.Ok;
            }
            if (ctx.Out.Json)
                ctx.Out.Raw(env.Json);
            else
                foreach (var (k, v) in env.Value.OrderBy(kv => kv.Key, StringComparer.Ordinal))
                    ctx.Out.Line($"{k}={v}");
            return ExitCodes.Ok;
        });
    }
}
