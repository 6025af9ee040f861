using System.Globalization;
using Hiy.Cli.Client;

namespace Hiy.Cli.Commands;

/// <summary><c>hiy backup:ls</c>: the backups in the appliance's backup_dir, newest first.</summary>
public static class BackupLsCommand
{
    public static CliCommand Create(CliOptions options) =>
        new CliCommand("backup:ls", "list the appliance's backups", "hiy backup:ls", "hiy backup:ls --json").Run(options, async (ctx, _, ct) =>
        {
            var list = await ctx.Client.GetAsync("api/v1/backups", ClientJsonContext.Default.BackupListResponse, ct);
            if (ctx.Out.Json)
            {
                ctx.Out.Raw(list.Json);
                return ExitCodes.Ok;
            }
            ctx.Out.Table(["ID", "CREATED", "SIZE", "ENTRIES", "KEY", "HIY"], list.Value.Backups.Select(b => new[]
            {
                b.Id, Output.When(b.CreatedAt), Output.Size(b.SizeBytes), b.FileCount.ToString(CultureInfo.InvariantCulture),
                b.KeyWrapped ? "wrapped" : "plain", b.HiyVersion,
            }));
            ctx.Out.Note($"in {list.Value.BackupDir}, kept {list.Value.RetentionDays.ToString(CultureInfo.InvariantCulture)} days");
            return ExitCodes.Ok;
        });
}
