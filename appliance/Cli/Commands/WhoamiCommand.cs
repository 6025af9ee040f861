namespace Hiy.Cli.Commands;

/// <summary><c>hiy whoami</c>: which appliance and token the commands use, checked against the appliance.</summary>
public static class WhoamiCommand
{
    public static CliCommand Create(CliOptions options) =>
        new CliCommand("whoami", "show the appliance and token in use (and check the token works)", "hiy whoami").Run(options, async (ctx, _, ct) =>
        {
            // Any authenticated route proves the token; the app list is the cheapest one every version has.
            using var response = await ctx.Client.SendAsync(HttpMethod.Get, "api/v1/apps", null, ct);
            var fromSaved = ctx.Settings.Token == ctx.Settings.Saved.Token;
            var who = fromSaved && ctx.Settings.Saved.TokenName is { } name ? $"token '{name}'" : "the token from --token/HIY_TOKEN";
            ctx.Out.Line($"{ctx.Settings.Url} as {who}");
            return ExitCodes.Ok;
        });
}
