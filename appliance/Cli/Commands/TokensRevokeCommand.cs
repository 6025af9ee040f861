using System.CommandLine;
using System.Globalization;

namespace Hiy.Cli.Commands;

/// <summary><c>hiy tokens:revoke &lt;id&gt;</c>: the token stops working at once.</summary>
public static class TokensRevokeCommand
{
    public static CliCommand Create(CliOptions options)
    {
        var id = new Argument<long>("id") { Description = "the token's id (from hiy tokens)" };
        var command = new CliCommand("tokens:revoke", "revoke an API token", "hiy tokens:revoke 3") { id };
        return command.Run(options, async (ctx, parse, ct) =>
        {
            var which = parse.GetValue(id).ToString(CultureInfo.InvariantCulture);
            using var _ = await ctx.Client.SendAsync(HttpMethod.Delete, $"api/v1/tokens/{which}", null, ct);
            var own = ctx.Settings.Saved.TokenId == parse.GetValue(id) && ctx.Settings.Token == ctx.Settings.Saved.Token;
            ctx.Out.Note(own ? $"revoked token {which}, the one this CLI used: run 'hiy login' again" : $"revoked token {which}");
            return ExitCodes.Ok;
        });
    }
}
