using System.Globalization;
using Hiy.Cli.Client;

namespace Hiy.Cli.Commands;

/// <summary><c>hiy info &lt;app&gt;</c>: the app's settings and its container.</summary>
public static class InfoCommand
{
    public static CliCommand Create(CliOptions options)
    {
        var app = Args.App();
        var command = new CliCommand("info", "show an app's settings and state", "hiy info blog", "hiy info blog --json") { app };
        return command.Run(options, async (ctx, parse, ct) =>
        {
            var view = await ctx.Client.GetAsync(Args.AppPath(parse.GetValue(app)!), ClientJsonContext.Default.AppView, ct);
            if (ctx.Out.Json)
            {
                ctx.Out.Raw(view.Json);
                return ExitCodes.Ok;
            }
            var a = view.Value;
            var c = CultureInfo.InvariantCulture;
            ctx.Out.Table(["FIELD", "VALUE"], new[]
            {
                new string?[] { "name", a.Name }, ["status", a.Status], ["url", a.Url],
                ["deploy", a.CurrentDeployId?.ToString(c)], ["repo", a.RepoUrl], ["branch", a.Branch],
                ["port", a.Port.ToString(c)], ["memory", $"{a.MemoryMb.ToString(c)} MB"], ["cpus", a.Cpus.ToString(c)],
                ["health path", a.HealthPath], ["volume", a.VolumePath],
                ["container", a.Container.Id is { } id ? id[..Math.Min(12, id.Length)] : null],
                ["container detail", a.Container.Detail], ["created", Output.When(a.CreatedAt)],
            });
            return ExitCodes.Ok;
        });
    }
}
