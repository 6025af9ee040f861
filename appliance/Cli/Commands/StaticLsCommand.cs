using System.CommandLine;
using System.Globalization;
using Hiy.Cli.Client;

namespace Hiy.Cli.Commands;

/// <summary><c>hiy static:ls [site]</c>: every site, or one site's versions with the live one marked.</summary>
public static class StaticLsCommand
{
    public static CliCommand Create(CliOptions options)
    {
        var site = new Argument<string?>("site") { Description = "one site: list its versions", Arity = ArgumentArity.ZeroOrOne };
        var command = new CliCommand("static:ls", "list static sites, or a site's versions", "hiy static:ls", "hiy static:ls notes") { site };
        return command.Run(options, async (ctx, parse, ct) =>
        {
            var c = CultureInfo.InvariantCulture;
            if (parse.GetValue(site) is { } name)
            {
                var one = await ctx.Client.GetAsync($"api/v1/sites/{HiyClient.Segment(name)}", ClientJsonContext.Default.SiteView, ct);
                if (ctx.Out.Json)
                {
                    ctx.Out.Raw(one.Json);
                    return ExitCodes.Ok;
                }
                ctx.Out.Table(["VERSION", "LIVE", "FILES", "SIZE", "CREATED", "URL"], one.Value.Versions.Select(v => new[]
                {
                    v.Version, v.Version == one.Value.ActiveVersion ? "*" : "", v.FileCount.ToString(c), Output.Size(v.SizeBytes), Output.When(v.CreatedAt), v.Url,
                }));
                return ExitCodes.Ok;
            }
            var all = await ctx.Client.GetAsync("api/v1/sites", ClientJsonContext.Default.SiteListResponse, ct);
            if (ctx.Out.Json)
            {
                ctx.Out.Raw(all.Json);
                return ExitCodes.Ok;
            }
            ctx.Out.Table(["SITE", "LIVE", "VERSIONS", "URL"],
                all.Value.Sites.Select(s => new[] { s.Name, s.ActiveVersion, s.Versions.Count.ToString(c), s.Url }));
            return ExitCodes.Ok;
        });
    }
}
