using Hiy.Ops;
using Hiy.Ops.Backups;
using Microsoft.AspNetCore.Http.Features;

namespace Hiy.Web.Api;

/// <summary>
/// /api/v1/backups and /api/v1/system/rotate-key. A restore is checked whole and staged, answered 202, and then hiy
/// stops: it is applied at the next start, before the database opens (systemd's Restart=always starts hiy again). A
/// restart is the honest way because every service holds the old database, key and repositories open.
/// </summary>
public sealed class BackupsEndpoints(BackupService backups, KeyRotation rotation, IHostApplicationLifetime lifetime, int retentionDays)
{
    public const int MinPassphrase = 8;

    public Task ListAsync(HttpContext ctx) =>
        HttpResults.Json(ctx, new BackupListResponse(backups.List().Select(View).ToArray(), backups.Directory, retentionDays),
            ApiJsonContext.Default.BackupListResponse);

    public async Task CreateAsync(HttpContext ctx)
    {
        if (await PassphraseAsync(ctx) is not { } body)
            return;
        await CreatedAsync(ctx, await backups.CreateAsync(body.Passphrase, ctx.RequestAborted));
    }

    public async Task DownloadAsync(HttpContext ctx)
    {
        var id = (string)ctx.GetRouteValue("id")!;
        await using var file = backups.Open(id);
        if (file is null)
        {
            await NotFoundAsync(ctx, id);
            return;
        }
        ctx.Response.ContentType = "application/gzip";
        ctx.Response.ContentLength = file.Length;
        ctx.Response.Headers.ContentDisposition = $"attachment; filename=\"hiy-backup-{id}.tar.gz\"";
        await file.CopyToAsync(ctx.Response.Body, ctx.RequestAborted);
    }

    public async Task UploadAsync(HttpContext ctx)
    {
        if (ctx.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
            limit.MaxRequestBodySize = null; // an archive is as large as the data; the disk is the limit (507)
        await CreatedAsync(ctx, await backups.UploadAsync(ctx.Request.Body, ctx.RequestAborted));
    }

    /// <summary>A new backup (written or uploaded) as 201 with its download as Location, or the problem.</summary>
    private static async Task CreatedAsync(HttpContext ctx, BackupResult<BackupInfo> result)
    {
        if (result.Value is not { } info)
        {
            await ProblemAsync(ctx, result.Error!);
            return;
        }
        ctx.Response.Headers.Location = View(info).Url;
        await HttpResults.Json(ctx, View(info), ApiJsonContext.Default.BackupView, 201);
    }

    public async Task RestoreAsync(HttpContext ctx)
    {
        var id = (string)ctx.GetRouteValue("id")!;
        if (await PassphraseAsync(ctx) is not { } body)
            return;
        var result = await backups.StageRestoreAsync(id, body.Passphrase, ctx.RequestAborted);
        if (result.Error is { } error)
        {
            await ProblemAsync(ctx, error);
            return;
        }
        // Stop only once the answer is on the wire, so the client learns the restore was accepted.
        ctx.Response.OnCompleted(() =>
        {
            lifetime.StopApplication();
            return Task.CompletedTask;
        });
        await HttpResults.Json(ctx, new RestoreView(id, "staged",
            "the backup passed every check; hiy is stopping and restores it as it starts again (under systemd that takes a few seconds)"),
            ApiJsonContext.Default.RestoreView, 202);
    }

    public async Task DeleteAsync(HttpContext ctx)
    {
        var id = (string)ctx.GetRouteValue("id")!;
        if (backups.Delete(id))
            ctx.Response.StatusCode = 204;
        else
            await NotFoundAsync(ctx, id);
    }

    public async Task RotateKeyAsync(HttpContext ctx)
    {
        var result = await rotation.RotateAsync(ctx.RequestAborted);
        await HttpResults.Json(ctx, new RotateKeyView(result.Resealed, result.At), ApiJsonContext.Default.RotateKeyView);
    }

    private static BackupView View(BackupInfo b) =>
        new(b.Id, b.CreatedAt, b.SizeBytes, b.HiyVersion, b.SchemaVersion, b.KeyWrapped, b.FileCount, $"/api/v1/backups/{b.Id}");

    /// <summary>The optional body: none (or empty) is no passphrase; a given one must be long enough to be worth it.</summary>
    private static async Task<BackupRequest?> PassphraseAsync(HttpContext ctx)
    {
        if (ctx.Request.ContentLength is null or 0 && ctx.Request.ContentType is null)
            return new BackupRequest(null);
        var body = await JsonBody.ReadAsync(ctx, ApiJsonContext.Default.BackupRequest);
        if (!body.Ok)
            return null;
        if (body.Value!.Passphrase is { } p && p.Length < MinPassphrase)
        {
            await HttpResults.Invalid(ctx, 422, "Invalid passphrase",
                new Dictionary<string, string> { ["passphrase"] = $"at least {MinPassphrase} characters" });
            return null;
        }
        return body.Value;
    }

    private static Task NotFoundAsync(HttpContext ctx, string id) => HttpResults.Problem(ctx, 404, "No such backup", $"no backup '{id}'");

    private static Task ProblemAsync(HttpContext ctx, BackupError error)
    {
        var (status, title) = error.Kind switch
        {
            BackupErrorKind.NotFound => (404, "No such backup"),
            BackupErrorKind.Conflict => (409, "Backup exists"),
            BackupErrorKind.NoSpace => (507, "Disk full"),
            _ => (422, "Backup refused"),
        };
        return HttpResults.Problem(ctx, status, title, error.Detail,
            error.Field is { } field ? new Dictionary<string, string> { [field] = error.Detail } : null);
    }
}
