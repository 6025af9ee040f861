using System.CommandLine;
using Hiy.Cli.Client;

namespace Hiy.Cli.Commands;

/// <summary><c>hiy backup:download &lt;id&gt; [file]</c>: the archive, with a progress bar, written whole or not at all.</summary>
public static class BackupDownloadCommand
{
    public static CliCommand Create(CliOptions options)
    {
        var id = Args.BackupId();
        var file = new Argument<string?>("file") { Description = "where to write it (default hiy-backup-<id>.tar.gz here)", Arity = ArgumentArity.ZeroOrOne };
        var command = new CliCommand("backup:download", "download a backup archive", "hiy backup:download 20261202T030000000Z",
            "hiy backup:download 20261202T030000000Z /media/usb/hiy.tar.gz") { id, file };
        return command.Run(options, async (ctx, parse, ct) =>
        {
            var which = parse.GetValue(id)!;
            var target = Path.GetFullPath(parse.GetValue(file) ?? $"hiy-backup-{which}.tar.gz");
            using var response = await ctx.Client.SendAsync(HttpMethod.Get, $"api/v1/backups/{HiyClient.Segment(which)}", null, ct, streaming: true);
            var partial = target + ".partial";
            try
            {
                await using (var output = new FileStream(partial, new FileStreamOptions
                { Mode = FileMode.Create, Access = FileAccess.Write, UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite }))
                await using (var body = new ProgressStream(await response.Content.ReadAsStreamAsync(ct),
                    ctx.Out.Progress("downloading", response.Content.Headers.ContentLength ?? 0)))
                    await body.CopyToAsync(output, ct);
                File.Move(partial, target, overwrite: true);
            }
            finally
            {
                File.Delete(partial);
            }
            ctx.Out.Note($"wrote {target} ({Output.Size(new FileInfo(target).Length)}); it holds the master key: keep it safe");
            return ExitCodes.Ok;
        });
    }
}
