using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Hiy.Cli.Client;
using Hiy.Web.Api;

namespace Hiy.Cli.Commands;

/// <summary>
/// <c>hiy backup [--passphrase-stdin]</c>: the appliance writes a backup into its backup_dir; the CLI shows the time
/// it takes and the result. With --passphrase-stdin the master key in it is wrapped with the first line of stdin
/// (never an argument: argv is visible to every user of the machine).
/// </summary>
public static class BackupCommand
{
    public static CliCommand Create(CliOptions options)
    {
        var passphrase = Args.PassphraseStdin("wrap the backup's master key with a passphrase read from stdin");
        var command = new CliCommand("backup", "write a backup of the appliance now", "hiy backup", "echo 'my long passphrase' | hiy backup --passphrase-stdin")
            { passphrase };
        return command.Run(options, async (ctx, parse, ct) =>
        {
            var body = new BackupRequest(parse.GetValue(passphrase) ? Args.ReadPassphrase(ctx) : null);
            var sw = Stopwatch.StartNew();
            using var ticker = ctx.Env.ErrIsTerminal && !ctx.Out.Json
                ? new Timer(_ => ctx.Out.Err.Write($"\rwriting backup... {sw.Elapsed.TotalSeconds:0} s"), null, TimeSpan.Zero, TimeSpan.FromSeconds(1))
                : null;
            var created = await ctx.Client.SendJsonAsync(HttpMethod.Post, "api/v1/backups", body, ClientJsonContext.Default.BackupRequest,
                ClientJsonContext.Default.BackupView, ct);
            if (ticker is not null)
            {
                await ticker.DisposeAsync();
                ctx.Out.Err.WriteLine();
            }
            if (ctx.Out.Json)
            {
                ctx.Out.Raw(created.Json);
                return ExitCodes.Ok;
            }
            var b = created.Value;
            ctx.Out.Line($"backup {ctx.Out.Bold(b.Id)}: {Output.Size(b.SizeBytes)}, {b.FileCount.ToString(CultureInfo.InvariantCulture)} entries"
                + $"{(b.KeyWrapped ? ", key wrapped" : "")} ({sw.Elapsed.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture)} s)");
            ctx.Out.Note($"download it with: hiy backup:download {b.Id}");
            return ExitCodes.Ok;
        });
    }
}
