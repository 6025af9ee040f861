using System.CommandLine;
using System.Net.Http.Headers;
using Hiy.Cli.Client;
using Hiy.Web.Api;

namespace Hiy.Cli.Commands;

/// <summary>
/// <c>hiy static:update &lt;site&gt; &lt;version&gt; &lt;dir&gt; [--activate]</c> (phost's <c>update</c>): the directory, tarred and
/// gzipped here, uploaded as a new version with a progress bar; a site's first version goes live by itself,
/// --activate makes a later one live.
/// </summary>
public static class StaticUpdateCommand
{
    public static CliCommand Create(CliOptions options)
    {
        var site = Args.Site();
        var version = Args.Version();
        var dir = new Argument<string>("dir") { Description = "the directory to publish (its contents become the site's root)" };
        var activate = new Option<bool>("--activate") { Description = "make this version the live one" };
        var command = new CliCommand("static:update", "upload a directory as a new version of a static site",
            "hiy static:update notes 0.4.0 dist --activate", "hiy static:update docs 2024-06-01 ./public") { site, version, dir, activate };
        return command.Run(options, async (ctx, parse, ct) =>
        {
            var name = parse.GetValue(site)!;
            var ver = parse.GetValue(version)!;
            var scan = DirectoryArchive.Measure(parse.GetValue(dir)!);
            var client = ctx.Client; // not logged in fails before the work of packing
            var temp = Path.Combine(Path.GetTempPath(), $"hiy-site-{Guid.NewGuid():N}.tar.gz");
            try
            {
                await using (var file = new FileStream(temp, new FileStreamOptions
                { Mode = FileMode.CreateNew, Access = FileAccess.Write, UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite }))
                    await DirectoryArchive.WriteAsync(scan, file, ctx.Out.Progress("packing  ", scan.Bytes), ct);
                var size = new FileInfo(temp).Length;
                var progress = ctx.Out.Progress("uploading", size);
                await using var body = new ProgressStream(File.OpenRead(temp), progress);
                using var content = new StreamContent(body);
                content.Headers.ContentType = new MediaTypeHeaderValue("application/gzip");
                content.Headers.ContentLength = size;
                var path = $"api/v1/sites/{HiyClient.Segment(name)}/versions/{HiyClient.Segment(ver)}";
                var uploaded = await client.SendAsync(HttpMethod.Put, path, content, jsonAnswer: true, ct);
                ctx.Out.Note($"uploaded {name} {ver}: {scan.Files} files, {Output.Size(scan.Bytes)} ({Output.Size(size)} sent)");
                var siteView = await client.GetAsync($"api/v1/sites/{HiyClient.Segment(name)}", ClientJsonContext.Default.SiteView, ct);
                if (parse.GetValue(activate) && siteView.Value.ActiveVersion != ver)
                    siteView = await client.SendJsonAsync(HttpMethod.Post, $"api/v1/sites/{HiyClient.Segment(name)}/active", new ActivateRequest { Version = ver },
                        ClientJsonContext.Default.ActivateRequest, ClientJsonContext.Default.SiteView, ct);
                if (ctx.Out.Json)
                {
                    ctx.Out.Raw(siteView.Json);
                    return ExitCodes.Ok;
                }
                var versionUrl = uploaded.Value.TryGetProperty("url", out var u) ? u.GetString() : null;
                ctx.Out.Line(siteView.Value.ActiveVersion == ver
                    ? $"{ver} is live: {ctx.Out.Bold(siteView.Value.Url)}"
                    : $"{ver} is at {versionUrl}; live is still {siteView.Value.ActiveVersion} (hiy static:activate {name} {ver})");
                return ExitCodes.Ok;
            }
            finally
            {
                File.Delete(temp);
            }
        });
    }
}
