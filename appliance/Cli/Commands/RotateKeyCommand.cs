using Hiy.Cli.Client;

namespace Hiy.Cli.Commands;

/// <summary><c>hiy rotate-key</c>: every sealed value re-encrypted under a new master key; old backups keep the old key.</summary>
public static class RotateKeyCommand
{
    public static CliCommand Create(CliOptions options) =>
        new CliCommand("rotate-key", "re-encrypt every stored secret under a new master key", "hiy rotate-key").Run(options, async (ctx, _, ct) =>
        {
            using var response = await ctx.Client.SendAsync(HttpMethod.Post, "api/v1/system/rotate-key", null, ct);
            var text = await response.Content.ReadAsStringAsync(ct);
            if (ctx.Out.Json)
            {
                ctx.Out.Raw(text);
                return ExitCodes.Ok;
            }
            var view = System.Text.Json.JsonSerializer.Deserialize(text, ClientJsonContext.Default.RotateKeyView)!;
            ctx.Out.Line($"master key rotated: {string.Join(", ", view.Resealed.Select(kv => $"{kv.Value} {kv.Key}"))} re-sealed");
            ctx.Out.Note("backups made before now hold the old key and restore with it");
            return ExitCodes.Ok;
        });
}
