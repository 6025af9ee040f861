using Hiy.Cli.Client;

namespace Hiy.Cli.Commands;

/// <summary><c>hiy apps</c>: every app, its state and URL.</summary>
public static class AppsCommand
{
    public static CliCommand Create(CliOptions options) =>
        new CliCommand("apps", "list the apps", "hiy apps", "hiy apps --json").Run(options, async (ctx, _, ct) =>
        {
            var apps = await ctx.Client.GetAsync("api/v1/apps", ClientJsonContext.Default.AppListResponse, ct);
            if (ctx.Out.Json)
            {
                ctx.Out.Raw(apps.Json);
                return ExitCodes.Ok;
            }
            if (apps.Value.Apps.Count == 0)
            {
                ctx.Out.Line("no apps yet: hiy create <app>");
                return ExitCodes.Ok;
            }
            ctx.Out.Table(["NAME", "STATUS", "DEPLOY", "URL"],
                apps.Value.Apps.Select(a => new[] { a.Name, a.Status, a.CurrentDeployId?.ToString(System.Globalization.CultureInfo.InvariantCulture), a.Url }));
            return ExitCodes.Ok;
        });
}
