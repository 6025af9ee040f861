using System.CommandLine;

namespace Hiy.Cli.Commands;

/// <summary><c>hiy destroy &lt;app&gt; [--confirm &lt;app&gt;]</c>: delete an app, after the name is typed (or confirmed on the line).</summary>
public static class DestroyCommand
{
    public static CliCommand Create(CliOptions options)
    {
        var app = Args.App();
        var confirm = new Option<string?>("--confirm") { Description = "the app's name again, to delete without asking" };
        var purge = new Option<bool>("--purge-volumes") { Description = "also delete the app's volume (its data)" };
        var command = new CliCommand("destroy", "delete an app: its containers, images, domains and pushed repository",
            "hiy destroy blog", "hiy destroy blog --confirm blog") { app, confirm, purge };
        return command.Run(options, async (ctx, parse, ct) =>
        {
            var name = parse.GetValue(app)!;
            var confirmed = parse.GetValue(confirm);
            if (confirmed is null)
            {
                if (!ctx.Env.InIsTerminal)
                    throw Client.CliException.Usage($"destroying '{name}' needs --confirm {name} when not run from a terminal");
                ctx.Env.Err.Write($"This deletes {name} and everything it runs. Type its name to confirm: ");
                confirmed = ctx.Env.In.ReadLine()?.Trim();
            }
            if (confirmed != name)
                throw Client.CliException.Usage($"'{confirmed}' is not '{name}': nothing was deleted");
            using var _ = await ctx.Client.SendAsync(HttpMethod.Delete, Args.AppPath(name, parse.GetValue(purge) ? "?purge_volumes=true" : ""), null, ct);
            ctx.Out.Note($"destroyed {name}");
            return ExitCodes.Ok;
        });
    }
}
