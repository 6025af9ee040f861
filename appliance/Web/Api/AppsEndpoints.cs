using System.Globalization;
using Hiy.Config;
using Hiy.Docker;
using Hiy.Runtime;
using Hiy.Store;

namespace Hiy.Web.Api;

/// <summary>/api/v1/apps: create, read, change and remove apps, and stop/start/restart their container.</summary>
public sealed class AppsEndpoints(AppRepository apps, SiteRepository sites, AppRuntime runtime, RuntimeService state, SetupState setup, HiyConfig config,
    Hiy.Core.HiyPaths paths, Hiy.Acme.CustomDomainService customDomains)
{
    private static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(10);

    public static string AppFrom(HttpContext ctx) => (string)ctx.GetRouteValue("app")!;

    public Task ListAsync(HttpContext ctx) =>
        HttpResults.Json(ctx, new AppListResponse(apps.List().Select(View).ToArray()), ApiJsonContext.Default.AppListResponse);

    public async Task GetAsync(HttpContext ctx)
    {
        if (await FindAsync(ctx) is { } app)
            await HttpResults.Json(ctx, View(app), ApiJsonContext.Default.AppView);
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
        if (sites.Find(app.Name) is not null)
        {
            await HttpResults.Problem(ctx, 409, "Name taken", $"a static site named '{app.Name}' already serves {app.Name}.{setup.Domain}");
            return;
        }
        var created = apps.Create(app);
        if (created is null)
        {
            await HttpResults.Problem(ctx, 409, "App exists", $"an app named '{app.Name}' already exists");
            return;
        }
        await state.ReconcileAsync(created.Name, ctx.RequestAborted);
        ctx.Response.Headers.Location = $"/api/v1/apps/{created.Name}";
        await HttpResults.Json(ctx, View(apps.Find(created.Name)!), ApiJsonContext.Default.AppView, 201);
    }

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
        apps.UpdateSettings(app);
        await HttpResults.Json(ctx, View(apps.Find(app.Name)!), ApiJsonContext.Default.AppView);
    }

    /// <summary>Stops and removes the app's containers, images and static site; its volume only with ?purge_volumes=true.</summary>
    public async Task DeleteAsync(HttpContext ctx)
    {
        if (await FindAsync(ctx) is not { } app)
            return;
        var purge = string.Equals(ctx.Request.Query["purge_volumes"], "true", StringComparison.OrdinalIgnoreCase);
        try
        {
            await runtime.RemoveAppAsync(app.Name, purge, ctx.RequestAborted);
        }
        catch (DockerApiException e)
        {
            await HttpResults.Problem(ctx, 503, "Docker unavailable", $"app '{app.Name}' was not deleted: {e.Message}");
            return;
        }
        // Before the row: the cascade would drop the domains too, but not their certificates in the proxy.
        customDomains.RemoveAllFor(app.Name);
        apps.Delete(app.Name);
        // The app's own static site (from static deploys) goes with it.
        var hadSite = sites.Delete(app.Name);
        await state.ReconcileAsync(app.Name, ctx.RequestAborted);
        var siteDir = Path.Combine(paths.Sites, Hiy.Core.HiyPaths.Segment(app.Name));
        if (hadSite && Directory.Exists(siteDir))
            Directory.Delete(siteDir, recursive: true);
        ctx.Response.StatusCode = 204;
    }

    public Task StopAsync(HttpContext ctx) => ContainerActionAsync(ctx, "stop", async (app, id, ct) =>
    {
        apps.SetStatus(app.Name, AppStatus.Stopped, "stopped");
        await runtime.StopAsync(id, StopGrace, ct);
    });

    public Task StartAsync(HttpContext ctx) => ContainerActionAsync(ctx, "start", async (app, id, ct) =>
    {
        apps.SetStatus(app.Name, AppStatus.Running, "starting");
        await runtime.StartExistingAsync(id, ct);
    });

    public Task RestartAsync(HttpContext ctx) => ContainerActionAsync(ctx, "restart", async (app, id, ct) =>
    {
        apps.SetStatus(app.Name, AppStatus.Running, "restarting");
        await runtime.Docker.RestartContainerAsync(id, StopGrace, ct);
    });

    private async Task ContainerActionAsync(HttpContext ctx, string verb, Func<AppRecord, string, CancellationToken, Task> action)
    {
        if (await FindAsync(ctx) is not { } app)
            return;
        if (app.CurrentDeployId is not { } deploy)
        {
            await HttpResults.Problem(ctx, 409, "Nothing deployed", $"app '{app.Name}' has no deploy to {verb} yet");
            return;
        }
        try
        {
            await action(app, AppContainerSpec.ContainerName(app.Name, deploy), ctx.RequestAborted);
        }
        catch (DockerApiException e) when (e.IsNotFound)
        {
            await HttpResults.Problem(ctx, 409, "Container gone", $"app '{app.Name}': the container of deploy {deploy} no longer exists; deploy again");
            return;
        }
        catch (DockerApiException e)
        {
            await HttpResults.Problem(ctx, 503, "Docker unavailable", $"app '{app.Name}': {verb}: {e.Message}");
            return;
        }
        await state.ReconcileAsync(app.Name, ctx.RequestAborted);
        await HttpResults.Json(ctx, View(apps.Find(app.Name)!), ApiJsonContext.Default.AppView);
    }

    /// <summary>The app named in the route, or a 404 problem already written.</summary>
    public async Task<AppRecord?> FindAsync(HttpContext ctx)
    {
        var name = AppFrom(ctx);
        if (apps.Find(name) is { } app)
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

    public AppView View(AppRecord a)
    {
        var port = state.Upstreams.GetValueOrDefault(a.Name);
        return new AppView(a.Name, AppRecord.StatusText(a.Status), UrlFor(a.Name), a.CurrentDeployId, a.RepoUrl, a.Branch, a.Port,
            a.MemoryMb, a.Cpus, a.HealthPath, a.PollIntervalS, a.VolumePath, a.CapAdd,
            new ContainerView(a.CurrentDeployId is { } d ? AppContainerSpec.ContainerName(a.Name, d) : null, port, a.LastExitCode, a.LastOomKilled, a.StatusDetail),
            a.CreatedAt, a.UpdatedAt);
    }
}
