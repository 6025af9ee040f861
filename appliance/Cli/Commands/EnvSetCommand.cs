using System.CommandLine;
using System.Globalization;
using Hiy.Cli.Client;

namespace Hiy.Cli.Commands;

/// <summary>
/// <c>hiy env:set &lt;app&gt; K=V…</c>: merge variables. The appliance restarts the app with them (a deploy); the command
/// waits for it so that when it returns the app runs with the new values. An argument without '=' is a usage error.
/// </summary>
public static class EnvSetCommand
{
    public static CliCommand Create(CliOptions options)
    {
        var app = Args.App();
        var pairs = new Argument<string[]>("pairs") { Description = "KEY=value pairs", Arity = ArgumentArity.OneOrMore };
        pairs.Validators.Add(r =>
        {
            foreach (var token in r.Tokens)
                if (token.Value.IndexOf('=') <= 0)
                    r.AddError($"'{token.Value}' is not KEY=value");
        });
        var noWait = new Option<bool>("--no-wait") { Description = "return once saved; do not wait for the restart" };
        var command = new CliCommand("env:set", "set environment variables and restart the app with them",
            "hiy env:set blog GREETING=hello", "hiy env:set blog DATABASE_URL=postgres://db/blog LOG_LEVEL=debug") { app, pairs, noWait };
        return command.Run(options, async (ctx, parse, ct) =>
        {
            var name = parse.GetValue(app)!;
            var values = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var pair in parse.GetValue(pairs)!)
            {
                var eq = pair.IndexOf('=');
                values[pair[..eq]] = pair[(eq + 1)..];
            }
            var saved = await ctx.Client.SendJsonAsync(HttpMethod.Put, Args.AppPath(name, "/env"), values,
                ClientJsonContext.Default.DictionaryStringString, ClientJsonContext.Default.DictionaryStringString, ct);
            return await Restarted(ctx, name, saved.Headers, $"set {string.Join(", ", values.Keys)}", parse.GetValue(noWait), ct);
        });
    }

    /// <summary>After an env change: wait for the restart the appliance started (X-Hiy-Deploy), if it started one.</summary>
    internal static async Task<int> Restarted(CliContext ctx, string app, System.Net.Http.Headers.HttpResponseHeaders headers, string what, bool noWait, CancellationToken ct)
    {
        if (!headers.TryGetValues("X-Hiy-Deploy", out var ids) || !long.TryParse(ids.First(), NumberStyles.None, CultureInfo.InvariantCulture, out var id))
        {
            ctx.Out.Note($"{what} on {app}; it is not deployed yet, so the values apply from its first deploy");
            return ExitCodes.Ok;
        }
        ctx.Out.Note($"{what} on {app}; restarting: deploy {id.ToString(CultureInfo.InvariantCulture)}");
        return noWait ? ExitCodes.Ok : await DeployWaiter.WaitAsync(ctx, app, id, printLog: false, ct);
    }
}
