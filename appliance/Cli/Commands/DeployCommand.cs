using System.CommandLine;
using System.Globalization;
using Hiy.Cli.Client;
using Hiy.Web.Api;

namespace Hiy.Cli.Commands;

/// <summary><c>hiy deploy &lt;app&gt; [--ref R] [-f]</c>: queue a build of the app's branch (or a ref); with -f follow it live.</summary>
public static class DeployCommand
{
    public static CliCommand Create(CliOptions options)
    {
        var app = Args.App();
        var gitRef = new Option<string?>("--ref") { Description = "branch, tag or commit to build (default the app's branch)" };
        var follow = new Option<bool>("--follow", "-f") { Description = "follow the build log; exit 2 if the deploy fails" };
        var command = new CliCommand("deploy", "build and deploy an app from its git repository",
            "hiy deploy blog -f", "hiy deploy blog --ref v1.2.0") { app, gitRef, follow };
        return command.Run(options, async (ctx, parse, ct) =>
        {
            var name = parse.GetValue(app)!;
            var queued = await ctx.Client.SendJsonAsync(HttpMethod.Post, Args.AppPath(name, "/deploys"), new DeployRequest { Ref = parse.GetValue(gitRef) },
                ClientJsonContext.Default.DeployRequest, ClientJsonContext.Default.DeployView, ct);
            var id = queued.Value.Id;
            if (parse.GetValue(follow))
            {
                ctx.Out.Note($"-----> deploy {id.ToString(CultureInfo.InvariantCulture)} of {name} queued");
                return await DeployWaiter.WaitAsync(ctx, name, id, printLog: true, ct);
            }
            if (ctx.Out.Json)
                ctx.Out.Raw(queued.Json);
            else
                ctx.Out.Line($"deploy {id.ToString(CultureInfo.InvariantCulture)} of {name} queued (hiy deploys {name} shows it; -f follows it)");
            return ExitCodes.Ok;
        });
    }
}
