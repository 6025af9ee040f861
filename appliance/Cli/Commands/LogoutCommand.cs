using System.Globalization;
using Hiy.Cli.Client;

namespace Hiy.Cli.Commands;

/// <summary><c>hiy logout</c>: revokes the saved token on the appliance and forgets it (the URL stays for the next login).</summary>
public static class LogoutCommand
{
    public static CliCommand Create(CliOptions options) =>
        new CliCommand("logout", "revoke and forget the saved token", "hiy logout").Run(options, async (ctx, _, ct) =>
        {
            var saved = ctx.Settings.Saved;
            if (saved.Token is null)
            {
                ctx.Out.Note("not logged in");
                return ExitCodes.Ok;
            }
            var revoked = false;
            if (saved.TokenId is { } id && saved.Url is { } url)
            {
                using var client = new HiyClient(ClientSettings.ParseUrl(url), saved.Token, ctx.Env.Handler());
                try
                {
                    using var response = await client.SendAsync(HttpMethod.Delete, $"api/v1/tokens/{id.ToString(CultureInfo.InvariantCulture)}", null, ct);
                    revoked = true;
                }
                catch (CliException e)
                {
                    // Forgetting the token locally is still what was asked; say what the appliance could not do.
                    ctx.Env.Err.WriteLine($"hiy: warning: the token was not revoked on the appliance: {e.Message}");
                }
            }
            (saved with { Token = null, TokenId = null, TokenName = null }).Save(ctx.Settings.ConfigPath);
            ctx.Out.Note(revoked ? $"logged out of {saved.Url}; token {saved.TokenName} revoked" : $"logged out of {saved.Url}");
            return ExitCodes.Ok;
        });
}
