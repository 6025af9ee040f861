using System.CommandLine;
using Hiy.Cli.Client;
using Hiy.Web.Api;

namespace Hiy.Cli.Commands;

/// <summary><c>hiy domains:add &lt;app&gt; &lt;domain&gt;</c>: serve the app on a custom domain with its own certificate.</summary>
public static class DomainsAddCommand
{
    public static CliCommand Create(CliOptions options)
    {
        var app = Args.App();
        var domain = new Argument<string>("domain") { Description = "a DNS name pointing at the appliance" };
        var command = new CliCommand("domains:add", "add a custom domain to an app", "hiy domains:add blog blog.example.com") { app, domain };
        return command.Run(options, async (ctx, parse, ct) =>
        {
            var added = await ctx.Client.SendJsonAsync(HttpMethod.Post, Args.AppPath(parse.GetValue(app)!, "/domains"), new DomainRequest { Domain = parse.GetValue(domain) },
                ClientJsonContext.Default.DomainRequest, ClientJsonContext.Default.DomainView, ct);
            if (ctx.Out.Json)
                ctx.Out.Raw(added.Json);
            else
                ctx.Out.Line($"{added.Value.Domain} → {added.Value.App} ({ctx.Out.State(added.Value.Status)}): {added.Value.Url}");
            return ExitCodes.Ok;
        });
    }
}
