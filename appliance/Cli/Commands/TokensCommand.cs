using System.Globalization;
using System.Text.Json;

namespace Hiy.Cli.Commands;

/// <summary><c>hiy tokens</c>: the API tokens (never their secrets); the one this CLI uses is marked.</summary>
public static class TokensCommand
{
    public static CliCommand Create(CliOptions options) =>
        new CliCommand("tokens", "list the API tokens", "hiy tokens").Run(options, async (ctx, _, ct) =>
        {
            var list = await ctx.Client.SendAsync(HttpMethod.Get, "api/v1/tokens", null, jsonAnswer: true, ct);
            if (ctx.Out.Json)
            {
                ctx.Out.Raw(list.Json);
                return ExitCodes.Ok;
            }
            var items = list.Value.ValueKind == JsonValueKind.Array ? list.Value
                : list.Value.TryGetProperty("tokens", out var t) ? t : default;
            if (items.ValueKind != JsonValueKind.Array)
                throw Client.CliException.Failed("the appliance's token list is not what this hiy expects");
            string? Text(JsonElement e, string name) =>
                !e.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null ? null
                : v.ValueKind == JsonValueKind.String ? v.GetString() : v.GetRawText();
            var current = ctx.Settings.Token == ctx.Settings.Saved.Token ? ctx.Settings.Saved.TokenId?.ToString(CultureInfo.InvariantCulture) : null;
            ctx.Out.Table(["ID", "NAME", "CREATED", "LAST USED", "EXPIRES", ""], items.EnumerateArray().Select(e => new[]
            {
                Text(e, "id"), Text(e, "name"), Text(e, "created_at"), Text(e, "last_used_at"), Text(e, "expires_at"),
                Text(e, "id") == current && current is not null ? "(this CLI)" : "",
            }));
            return ExitCodes.Ok;
        });
}
