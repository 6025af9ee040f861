using Hiy.Ops;
using Microsoft.AspNetCore.Http.Features;

namespace Hiy.Web.Api;

/// <summary>
/// /api/v1/system/…: the SSH-free operations (reboot, power off, OS updates, self-update, SSH, the
/// support bundle). hiy only asks; the root-side hiy-ops acts and reports (see <see cref="OperationsChannel"/>).
/// </summary>
public sealed class SystemEndpoints(OperationsChannel ops, SelfUpdate selfUpdate, SshAccess ssh, SupportBundleCollector bundle,
    TimeProvider time)
{
    /// <summary>Debian's marker that an installed update (kernel, libc) needs a reboot.</summary>
    public string RebootRequiredMarker { get; init; } = "/run/reboot-required";

    public Task ListAsync(HttpContext ctx) =>
        HttpResults.Json(ctx, new OperationListResponse(ops.Available, ops.RequestDir, ops.All().Select(View).ToArray()),
            ApiJsonContext.Default.OperationListResponse);

    public async Task GetAsync(HttpContext ctx)
    {
        var request = (string)ctx.GetRouteValue("request")!;
        if (ops.Status(request) is { } status)
            await HttpResults.Json(ctx, View(status), ApiJsonContext.Default.OperationView);
        else if (OperationsChannel.Requests.Contains(request))
            await HttpResults.Problem(ctx, 404, "Not requested yet", $"operation '{request}' has not been requested on this machine");
        else
            await HttpResults.Problem(ctx, 404, "No such operation", $"'{request}' is not one of {string.Join(", ", OperationsChannel.Requests)}");
    }

    public Task RebootAsync(HttpContext ctx) => SubmitAsync(ctx, "reboot");

    public Task PowerOffAsync(HttpContext ctx) => SubmitAsync(ctx, "poweroff");

    public Task OsUpdateCheckAsync(HttpContext ctx) => SubmitAsync(ctx, "os-update-check");

    public Task OsUpdateApplyAsync(HttpContext ctx) => SubmitAsync(ctx, "os-update");

    public Task OsUpdateAsync(HttpContext ctx)
    {
        var list = Path.Combine(ops.StateDir, "os-upgradable.txt");
        var upgradable = File.Exists(list)
            ? File.ReadAllLines(list).Select(l => l.Trim()).Where(l => l.Length > 0).ToArray()
            : [];
        return HttpResults.Json(ctx, new OsUpdateView(File.Exists(RebootRequiredMarker), upgradable,
            ops.Status("os-update-check") is { } c ? View(c) : null, ops.Status("os-update") is { } a ? View(a) : null),
            ApiJsonContext.Default.OsUpdateView);
    }

    public async Task SelfUpdateAsync(HttpContext ctx)
    {
        if (ctx.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
            limit.MaxRequestBodySize = null; // SelfUpdate counts and stops at its own cap
        if (ctx.Request.ContentLength > SelfUpdate.MaxBytes)
        {
            await HttpResults.Problem(ctx, 413, "Too large", $"a hiy binary is at most {SelfUpdate.MaxBytes >> 20} MB");
            return;
        }
        try
        {
            var staged = await selfUpdate.StageAsync(ctx.Request.Body, ctx.RequestAborted);
            if (staged.Status is not { } status)
            {
                await HttpResults.Problem(ctx, staged.TooLarge ? 413 : 422, "Not a usable hiy binary", staged.Error!);
                return;
            }
            ctx.Response.Headers.Location = "/api/v1/system/operations/self-update";
            await HttpResults.Json(ctx, View(status), ApiJsonContext.Default.OperationView, 202);
        }
        catch (OpsException e)
        {
            await RefuseAsync(ctx, e);
        }
    }

    public Task SshGetAsync(HttpContext ctx) => HttpResults.Json(ctx, SshView(ssh.Read()), ApiJsonContext.Default.SshView);

    public async Task SshPutAsync(HttpContext ctx)
    {
        var body = await JsonBody.ReadAsync(ctx, ApiJsonContext.Default.SshRequest);
        if (!body.Ok)
            return;
        var req = body.Value!;
        var errors = new Dictionary<string, string>(StringComparer.Ordinal);
        IReadOnlyList<SshPublicKey>? keys = null;
        if (req.Enabled is null)
            errors["enabled"] = "required: true or false";
        if (req.AuthorizedKeys is { } lines)
        {
            var (valid, keyErrors) = SshAccess.Validate(lines);
            foreach (var (k, v) in keyErrors)
                errors[k] = v;
            keys = valid;
        }
        if (req.Enabled == true && (keys ?? ssh.Read().Keys).Count == 0 && !errors.Keys.Any(k => k.StartsWith("authorized_keys", StringComparison.Ordinal)))
            errors["authorized_keys"] = "turning SSH on needs at least one public key (password logins stay off)";
        if (errors.Count > 0)
        {
            await HttpResults.Invalid(ctx, 422, "Invalid SSH settings", errors);
            return;
        }
        try
        {
            ssh.Apply(req.Enabled!.Value, keys);
            ctx.Response.Headers.Location = "/api/v1/system/ssh";
            await HttpResults.Json(ctx, SshView(ssh.Read()), ApiJsonContext.Default.SshView, 202);
        }
        catch (OpsException e)
        {
            await RefuseAsync(ctx, e);
        }
    }

    public async Task SupportBundleAsync(HttpContext ctx)
    {
        var now = time.GetUtcNow();
        var (entries, redactor) = await bundle.CollectAsync(ctx.RequestAborted);
        ctx.Response.ContentType = "application/gzip";
        ctx.Response.Headers.ContentDisposition = $"attachment; filename=\"hiy-support-{now:yyyyMMdd'T'HHmmss'Z'}.tar.gz\"";
        await SupportBundle.WriteAsync(ctx.Response.Body, entries, redactor, now, ctx.RequestAborted);
    }

    private async Task SubmitAsync(HttpContext ctx, string request)
    {
        try
        {
            var status = ops.Submit(request);
            ctx.Response.Headers.Location = $"/api/v1/system/operations/{request}";
            await HttpResults.Json(ctx, View(status), ApiJsonContext.Default.OperationView, 202);
        }
        catch (OpsException e)
        {
            await RefuseAsync(ctx, e);
        }
    }

    /// <summary>503 when the root side is not there (not the image), 409 when the same request is still pending.</summary>
    private Task RefuseAsync(HttpContext ctx, OpsException e) =>
        ops.Available
            ? HttpResults.Problem(ctx, 409, "Operation pending", e.Message)
            : HttpResults.Problem(ctx, 503, "Operations unavailable", e.Message);

    private static OperationView View(OperationStatus s) => new(s.Request, s.State, s.Message, s.At);

    private static SshView SshView(SshState s) =>
        new(s.Enabled, s.Keys.Select(k => new SshKeyView(k.Type, k.Fingerprint, k.Comment)).ToArray(), s.Last is { } l ? View(l) : null);
}
