using System.CommandLine;
using Hiy.Cli.Client;
using Hiy.Web.Api;

namespace Hiy.Cli.Commands;

/// <summary>
/// <c>hiy backup:restore &lt;id&gt; --yes [--passphrase-stdin]</c>: the appliance checks the whole backup, then stops and
/// comes back restored. Without --yes nothing is asked of the appliance.
/// </summary>
public static class BackupRestoreCommand
{
    public static CliCommand Create(CliOptions options)
    {
        var id = Args.BackupId();
        var yes = new Option<bool>("--yes") { Description = "confirm: every app, env value, site, certificate and repository is replaced" };
        var passphrase = Args.PassphraseStdin("the passphrase the backup's key is wrapped with, read from stdin");
        var command = new CliCommand("backup:restore", "restore the appliance from a backup (hiy restarts)", "hiy backup:restore 20261202T030000000Z --yes")
            { id, yes, passphrase };
        return command.Run(options, async (ctx, parse, ct) =>
        {
            var which = parse.GetValue(id)!;
            if (!parse.GetValue(yes))
                throw new CliException(ExitCodes.Usage, $"restoring {which} replaces everything on the appliance with the backup; run again with --yes");
            var body = new BackupRequest(parse.GetValue(passphrase) ? Args.ReadPassphrase(ctx) : null);
            var staged = await ctx.Client.SendJsonAsync(HttpMethod.Post, $"api/v1/backups/{HiyClient.Segment(which)}/restore", body,
                ClientJsonContext.Default.BackupRequest, ClientJsonContext.Default.RestoreView, ct);
            if (ctx.Out.Json)
                ctx.Out.Raw(staged.Json);
            else
                ctx.Out.Line($"backup {which} {staged.Value.State}: {staged.Value.Message}");
            return ExitCodes.Ok;
        });
    }
}
