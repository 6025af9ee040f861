using System.CommandLine;
using Hiy.Cli.Client;

namespace Hiy.Cli.Commands;

/// <summary><c>hiy domains:remove &lt;app&gt; &lt;domain&gt;</c>: stop serving a custom domain (its certificate goes at once).</summary>
public static class DomainsRemoveCommand
{
    public static CliCommand Create(CliOptions options)
    {
        var app = Args.App();
        var domain = new Argument<string>("domain") { Description = "the custom domain to remove" };
        var command = new CliCommand("domains:remove", "remove a custom domain from an app", "hiy domains:remove blog blog.example.com") { app, domain };
        return command.Run(options, async (ctx, parse, ct) =>
        {
            var name = parse.GetValue(app)!;
            var host = parse.GetValue(domain)!;
            using var _ = await ctx.Client.SendAsync(HttpMethod.Delete, Args.AppPath(name, "/domains/" + HiyClient.Segment(host)), null, ct);
            ctx.Out.Note($"removed {host} from {name}");
            return ExitCodes.Ok;
        });
    }
}
