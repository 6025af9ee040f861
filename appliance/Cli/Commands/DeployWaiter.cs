using System.Globalization;
using Hiy.Cli.Client;

namespace Hiy.Cli.Commands;

/// <summary>
/// Follows one deploy's build log (<c>GET …/deploys/{id}/log?follow=true</c>) to its end, printing it or not, and
/// says how it ended: the app's URL, or exit 2 with the deploy's error (which names the failing step).
/// </summary>
internal static class DeployWaiter
{
    public static async Task<int> WaitAsync(CliContext ctx, string app, long deployId, bool printLog, CancellationToken ct)
    {
        var id = deployId.ToString(CultureInfo.InvariantCulture);
        string? final = null;
        await foreach (var e in ctx.Client.EventsAsync(Args.AppPath(app, $"/deploys/{id}/log?follow=true"), ct))
        {
            if (e.Event == "end")
            {
                final = e.Data.Trim();
                break;
            }
            if (printLog)
                (ctx.Out.Json ? ctx.Out.Err : ctx.Out.Out).WriteLine(e.Data);
        }
        var deploy = (await ctx.Client.GetAsync(Args.AppPath(app, $"/deploys/{id}"), ClientJsonContext.Default.DeployView, ct)).Value;
        final = deploy.Status;
        if (final == "succeeded")
        {
            var view = await ctx.Client.GetAsync(Args.AppPath(app), ClientJsonContext.Default.AppView, ct);
            if (ctx.Out.Json)
                ctx.Out.Raw(view.Json);
            else
                ctx.Out.Line($"deploy {id} of {app} {ctx.Out.State("succeeded")}: {ctx.Out.Bold(view.Value.Url)}");
            return ExitCodes.Ok;
        }
        throw CliException.Failed($"deploy {id} of '{app}' {final}: {deploy.Error ?? "no reason recorded; see 'hiy deploys " + app + "'"}");
    }
}
