using System.Globalization;
using Hiy.Cli.Client;

namespace Hiy.Cli.Commands;

/// <summary><c>hiy tokens</c>: the API tokens and dashboard sessions (never their secrets); the one making the call is marked.</summary>
public static class TokensCommand
{
    public static CliCommand Create(CliOptions options) =>
        new CliCommand("tokens", "list the API tokens and dashboard sessions", "hiy tokens", "hiy tokens --json").Run(options, async (ctx, _, ct) =>
        {
            var list = await ctx.Client.GetAsync("api/v1/tokens", ClientJsonContext.Default.ListTokenView, ct);
            if (ctx.Out.Json)
            {
                ctx.Out.Raw(list.Json);
                return ExitCodes.Ok;
            }
            ctx.Out.Table(["ID", "NAME", "KIND", "CREATED", "LAST USED", "EXPIRES", ""], list.Value.Select(t => new[]
            {
                t.Id.ToString(CultureInfo.InvariantCulture), t.Name, t.Kind, Output.When(t.CreatedAt), Output.When(t.LastUsedAt),
                t.ExpiresAt is null ? "never" : Output.When(t.ExpiresAt), t.Current ? "(this CLI)" : "",
            }));
            return ExitCodes.Ok;
        });
}
