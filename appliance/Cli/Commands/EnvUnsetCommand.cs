using System.CommandLine;
using Hiy.Cli.Client;

namespace Hiy.Cli.Commands;

/// <summary><c>hiy env:unset &lt;app&gt; K…</c>: remove variables; the app restarts without them.</summary>
public static class EnvUnsetCommand
{
    public static CliCommand Create(CliOptions options)
    {
        var app = Args.App();
        var keys = new Argument<string[]>("keys") { Description = "variable names", Arity = ArgumentArity.OneOrMore };
        keys.Validators.Add(r =>
        {
            foreach (var token in r.Tokens)
                if (token.Value.Contains('='))
                    r.AddError($"'{token.Value}': give the name only (env:unset KEY)");
        });
        var noWait = new Option<bool>("--no-wait") { Description = "return once removed; do not wait for the restart" };
        var command = new CliCommand("env:unset", "remove environment variables and restart the app without them",
            "hiy env:unset blog GREETING", "hiy env:unset blog A B") { app, keys, noWait };
        return command.Run(options, async (ctx, parse, ct) =>
        {
            var name = parse.GetValue(app)!;
            var names = parse.GetValue(keys)!.Distinct(StringComparer.Ordinal).ToArray();
            ApiResult<System.Text.Json.JsonElement>? last = null;
            // The API removes one key per call; each restarts the app, and only the last restart matters.
            foreach (var key in names)
                last = await ctx.Client.SendAsync(HttpMethod.Delete, Args.AppPath(name, "/env/" + HiyClient.Segment(key)), null, jsonAnswer: true, ct);
            return await EnvSetCommand.Restarted(ctx, name, last!.Headers, $"removed {string.Join(", ", names)}", parse.GetValue(noWait), ct);
        });
    }
}
