using System.Globalization;
using Hiy.Cli.Client;

namespace Hiy.Cli.Commands;

/// <summary><c>hiy deploys &lt;app&gt;</c>: the deploy history, newest first.</summary>
public static class DeploysCommand
{
    public static CliCommand Create(CliOptions options)
    {
        var app = Args.App();
        var command = new CliCommand("deploys", "list an app's deploys, newest first", "hiy deploys blog") { app };
        return command.Run(options, async (ctx, parse, ct) =>
        {
            var list = await ctx.Client.GetAsync(Args.AppPath(parse.GetValue(app)!, "/deploys"), ClientJsonContext.Default.DeployListResponse, ct);
            if (ctx.Out.Json)
            {
                ctx.Out.Raw(list.Json);
                return ExitCodes.Ok;
            }
            var c = CultureInfo.InvariantCulture;
            ctx.Out.Table(["ID", "STATUS", "TRIGGER", "REF", "SHA", "QUEUED", "TOOK", "ERROR"], list.Value.Deploys.Select(d => new[]
            {
                d.Id.ToString(c), d.Status, d.TriggeredBy, d.Ref ?? d.SiteVersion, d.Sha is { Length: > 7 } sha ? sha[..7] : d.Sha,
                Output.When(d.QueuedAt), d.DurationMs is { } ms ? (ms / 1000.0).ToString("0.0", c) + " s" : null, d.Error,
            }));
            return ExitCodes.Ok;
        });
    }
}
