using Hiy.Cli.Client;

namespace Hiy.Cli.Commands;

/// <summary><c>hiy domains &lt;app&gt;</c>: the app's custom domains and their certificates.</summary>
public static class DomainsCommand
{
    public static CliCommand Create(CliOptions options)
    {
        var app = Args.App();
        var command = new CliCommand("domains", "list an app's custom domains", "hiy domains blog") { app };
        return command.Run(options, async (ctx, parse, ct) =>
        {
            var list = await ctx.Client.GetAsync(Args.AppPath(parse.GetValue(app)!, "/domains"), ClientJsonContext.Default.DomainListResponse, ct);
            if (ctx.Out.Json)
            {
                ctx.Out.Raw(list.Json);
                return ExitCodes.Ok;
            }
            ctx.Out.Table(["DOMAIN", "STATUS", "EXPIRES", "ERROR"],
                list.Value.Domains.Select(d => new[] { d.Domain, d.Status, d.NotAfter is null ? null : Output.When(d.NotAfter), d.Error }));
            if (list.Value.AcmeDisabledReason is { } why)
                ctx.Out.Note($"certificates are not being ordered: {why}");
            return ExitCodes.Ok;
        });
    }
}
