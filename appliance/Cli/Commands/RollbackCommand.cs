using System.CommandLine;
using System.Globalization;
using Hiy.Cli.Client;
using Hiy.Web.Api;

namespace Hiy.Cli.Commands;

/// <summary><c>hiy rollback &lt;app&gt; [deploy]</c>: the previous image (or a named deploy's) back, without a build.</summary>
public static class RollbackCommand
{
    public static CliCommand Create(CliOptions options)
    {
        var app = Args.App();
        var deploy = new Argument<long?>("deploy") { Description = "the deploy to go back to (default the one before the current)", Arity = ArgumentArity.ZeroOrOne };
        var command = new CliCommand("rollback", "roll an app back to an earlier deploy's image", "hiy rollback blog", "hiy rollback blog 12") { app, deploy };
        return command.Run(options, async (ctx, parse, ct) =>
        {
            var name = parse.GetValue(app)!;
            var queued = await ctx.Client.SendJsonAsync(HttpMethod.Post, Args.AppPath(name, "/rollback"), new RollbackRequest { DeployId = parse.GetValue(deploy) },
                ClientJsonContext.Default.RollbackRequest, ClientJsonContext.Default.DeployView, ct);
            ctx.Out.Note($"rolling {name} back: deploy {queued.Value.Id.ToString(CultureInfo.InvariantCulture)}");
            return await DeployWaiter.WaitAsync(ctx, name, queued.Value.Id, printLog: false, ct);
        });
    }
}
