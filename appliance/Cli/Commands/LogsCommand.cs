using System.CommandLine;
using System.Globalization;

namespace Hiy.Cli.Commands;

/// <summary><c>hiy logs &lt;app&gt; [-f] [-n N]</c>: the app's recent output; with -f new lines as they come, until Ctrl-C.</summary>
public static class LogsCommand
{
    public static CliCommand Create(CliOptions options)
    {
        var app = Args.App();
        var follow = new Option<bool>("--follow", "-f") { Description = "keep printing new lines until Ctrl-C" };
        var lines = new Option<int>("--lines", "-n") { Description = "how many recent lines (0-10000)", DefaultValueFactory = _ => 100 };
        lines.Validators.Add(r =>
        {
            // Only a number out of range: a token that is no number is already the parser's error (and GetValue would throw).
            if (r.Tokens is [var t] && int.TryParse(t.Value, System.Globalization.CultureInfo.InvariantCulture, out var n) && n is < 0 or > Web.Api.LogsEndpoints.MaxTail)
                r.AddError($"--lines must be from 0 to {Web.Api.LogsEndpoints.MaxTail}");
        });
        var command = new CliCommand("logs", "show an app's output", "hiy logs blog", "hiy logs blog -n 20", "hiy logs blog -f") { app, follow, lines };
        return command.Run(options, async (ctx, parse, ct) =>
        {
            var path = Args.AppPath(parse.GetValue(app)!, $"/logs?tail={parse.GetValue(lines).ToString(CultureInfo.InvariantCulture)}");
            if (!parse.GetValue(follow))
            {
                ctx.Out.Out.Write(await ctx.Client.GetTextAsync(path, ct));
                return ExitCodes.Ok;
            }
            try
            {
                await foreach (var e in ctx.Client.EventsAsync(path + "&follow=true", ct))
                    ctx.Out.Line(e.Data);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                // Ctrl-C is how a follow ends.
            }
            return ExitCodes.Ok;
        });
    }
}
