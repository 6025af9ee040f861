using System.CommandLine;
using Hiy.Cli.Client;

namespace Hiy.Cli.Commands;

/// <summary><c>hiy static:rm &lt;site&gt; [version] [--confirm &lt;site&gt;]</c>: remove one version, or (confirmed) the whole site.</summary>
public static class StaticRmCommand
{
    public static CliCommand Create(CliOptions options)
    {
        var site = Args.Site();
        var version = new Argument<string?>("version") { Description = "one version to remove (not the live one); without it the whole site", Arity = ArgumentArity.ZeroOrOne };
        var confirm = new Option<string?>("--confirm") { Description = "the site's name again, to remove the whole site" };
        var command = new CliCommand("static:rm", "remove a version of a static site, or the whole site",
            "hiy static:rm notes 0.3.0", "hiy static:rm notes --confirm notes") { site, version, confirm };
        command.Validators.Add(r =>
        {
            if (r.GetValue(version) is null && r.GetValue(confirm) is { } c && c != r.GetValue(site))
                r.AddError($"--confirm '{c}' does not match the site '{r.GetValue(site)}'");
            if (r.GetValue(version) is null && r.GetValue(confirm) is null)
                r.AddError($"removing the whole site needs --confirm {r.GetValue(site)} (or name a version)");
        });
        return command.Run(options, async (ctx, parse, ct) =>
        {
            var name = parse.GetValue(site)!;
            var path = $"api/v1/sites/{HiyClient.Segment(name)}";
            if (parse.GetValue(version) is { } v)
            {
                using var _ = await ctx.Client.SendAsync(HttpMethod.Delete, $"{path}/versions/{HiyClient.Segment(v)}", null, ct);
                ctx.Out.Note($"removed {name} {v}");
            }
            else
            {
                using var _ = await ctx.Client.SendAsync(HttpMethod.Delete, path, null, ct);
                ctx.Out.Note($"removed site {name}");
            }
            return ExitCodes.Ok;
        });
    }
}
