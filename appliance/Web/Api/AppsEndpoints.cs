using System.Globalization;
using Hiy.Builds;
using Hiy.Config;
using Hiy.Runtime;
using Hiy.Store;

namespace Hiy.Web.Api;

/// <summary>/api/v1/apps: parse, call <see cref="AppService"/>, answer.</summary>
public sealed class AppsEndpoints(AppService service, RuntimeService state, SetupState setup, HiyConfig config)
{
    public static string AppFrom(HttpContext ctx) => (string)ctx.GetRouteValue("app")!;

    public Task ListAsync(HttpContext ctx) =>
        HttpResults.Json(ctx, new AppListResponse(service.List().Select(a => View(a, request: ctx.Request)).ToArray()), ApiJsonContext.Default.AppListResponse);

    public async Task GetAsync(HttpContext ctx)
    {
        if (await FindAsync(ctx) is { } app)
            await HttpResults.Json(ctx, View(app, request: ctx.Request), ApiJsonContext.Default.AppView);
    }

    public async Task CreateAsync(HttpContext ctx)
    {
        var body = await JsonBody.ReadAsync(ctx, ApiJsonContext.Default.AppRequest);
        if (!body.Ok)
            return;
        var (app, errors) = AppRequestValidator.Apply(new AppRecord { Name = "" }, body.Value!, creating: true);
        if (errors.Count > 0)
        {
            await Invalid(ctx, errors);
            return;
        }
        var created = await service.CreateAsync(app, setup.Domain, ctx.RequestAborted);
        if (created.Error is { } error)
        {
            await HttpResults.Problem(ctx, error);
            return;
        }
        ctx.Response.Headers.Location = $"/api/v1/apps/{created.Value!.Name}";
        await HttpResults.Json(ctx, View(created.Value, request: ctx.Request), ApiJsonContext.Default.AppView, 201);
    }

    /// <summary>PATCH: the app with its new settings, and in <c>applied</c> what reached the running container.</summary>
    public async Task PatchAsync(HttpContext ctx)
    {
        if (await FindAsync(ctx) is not { } existing)
            return;
        var body = await JsonBody.ReadAsync(ctx, ApiJsonContext.Default.AppRequest);
        if (!body.Ok)
            return;
        var (app, errors) = AppRequestValidator.Apply(existing, body.Value!, creating: false);
        if (errors.Count > 0)
        {
            await Invalid(ctx, errors);
            return;
        }
        var updated = await service.UpdateAsync(existing, app, ctx.RequestAborted);
        await HttpResults.Json(ctx, View(updated.App, updated.Applied, ctx.Request), ApiJsonContext.Default.AppView);
    }

    /// <summary>Removes the app with its containers, images, site, repository and build dirs; its volume only with ?purge_volumes=true.</summary>
    public async Task DeleteAsync(HttpContext ctx)
    {
        if (await FindAsync(ctx) is not { } app)
            return;
        var purge = string.Equals(ctx.Request.Query["purge_volumes"], "true", StringComparison.OrdinalIgnoreCase);
        if (await service.DeleteAsync(app, purge, ctx.RequestAborted) is { } error)
            await HttpResults.Problem(ctx, error);
        else
            ctx.Response.StatusCode = 204;
    }

    public Task StopAsync(HttpContext ctx) => ActionAsync(ctx, service.StopAsync);

    public Task StartAsync(HttpContext ctx) => ActionAsync(ctx, service.StartAsync);

    private async Task ActionAsync(HttpContext ctx, Func<AppRecord, CancellationToken, Task<AppResult<AppRecord>>> action)
    {
        if (await FindAsync(ctx) is not { } app)
            return;
        var result = await action(app, ctx.RequestAborted);
        if (result.Error is { } error)
            await HttpResults.Problem(ctx, error);
        else
            await HttpResults.Json(ctx, View(result.Value!, request: ctx.Request), ApiJsonContext.Default.AppView);
    }

    /// <summary>The app named in the route, or a 404 problem already written.</summary>
    public async Task<AppRecord?> FindAsync(HttpContext ctx)
    {
        var name = AppFrom(ctx);
        if (service.Find(name) is { } app)
            return app;
        await HttpResults.Problem(ctx, 404, "No such app", $"there is no app named '{name}'");
        return null;
    }

    private static Task Invalid(HttpContext ctx, Dictionary<string, string> errors) =>
        HttpResults.Invalid(ctx, 422, "Invalid app", errors);

    /// <summary>The public URL of an app or site: <c>&lt;name&gt;.&lt;domain&gt;</c> on HTTPS when it is on, with a non-default port shown.</summary>
    public string UrlFor(string name)
    {
        var scheme = config.HttpsPort > 0 ? "https" : "http";
        var defaultPort = scheme == "https" ? 443 : 80;
        var listen = scheme == "https" ? config.HttpsPort : config.HttpPort;
        var host = $"{name}.{setup.Domain}" + (listen == defaultPort || listen == 0 ? "" : ":" + listen.ToString(CultureInfo.InvariantCulture));
        return $"{scheme}://{host}/";
    }

    /// <summary>The app as the API shows it; with the caller's <paramref name="request"/>, also its git and webhook URLs.</summary>
    public AppView View(AppRecord a, string? applied = null, HttpRequest? request = null)
    {
        var control = request is null ? null : ControlUrls.Base(request.Scheme, request.Host.ToUriComponent());
        var port = state.Upstreams.GetValueOrDefault(a.Name);
        return new AppView(a.Name, AppRecord.StatusText(a.Status), UrlFor(a.Name), a.CurrentDeployId, a.RepoUrl, a.Branch, a.Port,
            a.MemoryMb, a.Cpus, a.HealthPath, a.PollIntervalS, a.VolumePath, a.CapAdd,
            new ContainerView(a.CurrentDeployId is { } d ? AppContainerSpec.ContainerName(a.Name, d) : null, port, a.LastExitCode, a.LastOomKilled, a.StatusDetail),
            a.CreatedAt, a.UpdatedAt, applied,
            control is null ? null : ControlUrls.Git(control, a.Name), control is null ? null : ControlUrls.GithubWebhook(control));
    }
}
