using Hiy.Cli.Client;
using Hiy.Web.Api;

namespace Hiy.Cli.Commands;

/// <summary><c>hiy static:activate &lt;site&gt; &lt;version&gt;</c>: make an uploaded version the live one (also a rollback).</summary>
public static class StaticActivateCommand
{
    public static CliCommand Create(CliOptions options)
    {
        var site = Args.Site();
        var version = Args.Version();
        var command = new CliCommand("static:activate", "make an uploaded version of a site the live one", "hiy static:activate notes 0.3.0") { site, version };
        return command.Run(options, async (ctx, parse, ct) =>
        {
            var name = parse.GetValue(site)!;
            var view = await ctx.Client.SendJsonAsync(HttpMethod.Post, $"api/v1/sites/{HiyClient.Segment(name)}/active", new ActivateRequest { Version = parse.GetValue(version) },
                ClientJsonContext.Default.ActivateRequest, ClientJsonContext.Default.SiteView, ct);
            if (ctx.Out.Json)
                ctx.Out.Raw(view.Json);
            else
                ctx.Out.Line($"{view.Value.ActiveVersion} is live: {ctx.Out.Bold(view.Value.Url)}");
            return ExitCodes.Ok;
        });
    }
}
