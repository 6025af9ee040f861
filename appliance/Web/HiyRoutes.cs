using Hiy.Builds;
using Hiy.Config;
using Hiy.Core;
using Hiy.Proxy;
using Hiy.Store;
using Hiy.Web.Api;
using Hiy.Web.Auth;
using Hiy.Web.Dashboard;
using Hiy.Web.Git;
using Hiy.Web.Webhooks;
using Microsoft.AspNetCore.Http.Features;

namespace Hiy.Web;

/// <summary>
/// Every route of the control side (the proxy has already taken app and site hosts): the error
/// boundary, the proxy's host split, the /api gate, the REST routes and the two push triggers.
/// </summary>
internal static class HiyRoutes
{
    public static void Map(WebApplication app)
    {
        var errorLog = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Hiy.Web");
        var disk = app.Services.GetRequiredService<DiskGuard>();
        app.Use(async (ctx, next) =>
        {
            try
            {
                await next(ctx);
            }
            catch (BadHttpRequestException e)
            {
                // Bad framing (chunk syntax, a body that stalls past Kestrel's minimum rate, one over its limit) is the
                // client's fault: its own status (400, 408, 413), one warning line, no stack trace (issue 13 item 3).
                WebLog.BadFraming(errorLog, ctx.Request.Method, ctx.Request.Path, ClientAddress.Of(ctx), e.StatusCode, e.Message);
                if (!ctx.Response.HasStarted)
                {
                    ctx.Response.Clear();
                    await HttpResults.Problem(ctx, e.StatusCode, e.StatusCode switch { 408 => "Request timeout", 413 => "Body too large", _ => "Bad request" },
                        e.Message);
                }
            }
            catch (Exception e) when (disk.Observe(e) is { } full)
            {
                // A full disk is not hiy's bug: 507 naming the space left, one warning line, no trace (issue 13 item 5).
                WebLog.DiskFullRefused(errorLog, ctx.Request.Method, ctx.Request.Path, full.Describe());
                if (!ctx.Response.HasStarted)
                    ctx.Response.Clear();
                await HttpResults.DiskFull(ctx, full);
            }
            catch (Exception e) when (e is not OperationCanceledException || !ctx.RequestAborted.IsCancellationRequested)
            {
                WebLog.Unhandled(errorLog, e, ctx.Request.Method, ctx.Request.Path);
                if (!ctx.Response.HasStarted)
                    ctx.Response.Clear();
                await HttpResults.Problem(ctx, 500, "Internal error", "hiy hit an unexpected error; details are in its log");
            }
        });

        // The host split: app, site and unknown <label>.<domain> hosts are the proxy's; only the
        // appliance's own hosts reach the control pipeline below.
        app.Use(app.Services.GetRequiredService<ProxyModule>().InvokeAsync);

        // Kestrel resolves "/x/env/.." to "/x" before routing, and %2e%2e reaches a route value: either way a DELETE of a
        // variable or a version became a DELETE of its app or site (issue 13 item 10). The control side takes no path
        // with a segment that decodes to "." or "..".
        app.Use((ctx, next) => RequestTarget.HasDotSegment(ctx.Features.Get<IHttpRequestFeature>()?.RawTarget)
            ? HttpResults.Problem(ctx, 400, "Bad path", "a path segment may not be '.' or '..' (also percent-encoded)")
            : next(ctx));

        // A full data disk refuses writes before they start, except those that free space or lead to it (issue 13 item 5).
        app.Use(async (ctx, next) =>
        {
            if (HttpMethods.IsGet(ctx.Request.Method) || HttpMethods.IsHead(ctx.Request.Method))
            {
                await next(ctx);
            }
            else if (DiskFullGate.Frees(ctx.Request.Method, ctx.Request.Path))
            {
                await next(ctx);
                disk.Invalidate(); // what it freed counts at once: the next write is not refused on a second-old reading
            }
            else if (disk.Current() is { Full: true } full)
            {
                await HttpResults.DiskFull(ctx, full);
            }
            else
            {
                await next(ctx);
            }
        });

        var guard = app.Services.GetRequiredService<ApiGuard>();
        var apiBodyLimit = app.Services.GetRequiredService<HiyConfig>().MaxApiBodyBytes;
        app.UseWhen(ctx => ctx.Request.Path.StartsWithSegments("/api"), api =>
        {
            api.Use((ctx, next) =>
            {
                // JSON bodies are small; the few upload routes raise this for themselves.
                if (ctx.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
                    limit.MaxRequestBodySize = apiBodyLimit;
                return next(ctx);
            });
            api.Use(guard.InvokeAsync);
        });

        var health = app.Services.GetRequiredService<HealthEndpoints>();
        var setup = app.Services.GetRequiredService<SetupEndpoints>();
        var auth = app.Services.GetRequiredService<AuthEndpoints>();
        app.MapGet("/health", HealthEndpoints.HealthAsync);
        app.MapGet("/ready", health.ReadyAsync);
        app.MapGet("/api/v1/setup", setup.GetAsync);
        app.MapPost("/api/v1/setup", setup.PostAsync);
        app.MapPost("/api/v1/setup/cloudflare-verify", app.Services.GetRequiredService<SetupCloudflareEndpoint>().PostAsync);
        app.MapPost("/api/v1/auth/token", auth.TokenAsync);
        var session = app.Services.GetRequiredService<SessionEndpoints>();
        app.MapGet("/api/v1/auth/session", session.GetAsync);
        app.MapPost("/api/v1/auth/session", session.PostAsync);
        app.MapDelete("/api/v1/auth/session", session.DeleteAsync);
        var tokens = app.Services.GetRequiredService<TokensEndpoints>();
        app.MapGet("/api/v1/tokens", tokens.ListAsync);
        app.MapDelete("/api/v1/tokens/{id}", tokens.DeleteAsync);
        DashboardEndpoints.Map(app);

        var apps = app.Services.GetRequiredService<AppsEndpoints>();
        var logs = app.Services.GetRequiredService<LogsEndpoints>();
        app.MapGet("/api/v1/apps", apps.ListAsync);
        app.MapPost("/api/v1/apps", apps.CreateAsync);
        app.MapGet("/api/v1/apps/{app}", apps.GetAsync);
        app.MapMethods("/api/v1/apps/{app}", ["PATCH"], apps.PatchAsync);
        app.MapDelete("/api/v1/apps/{app}", apps.DeleteAsync);
        app.MapPost("/api/v1/apps/{app}/stop", apps.StopAsync);
        app.MapPost("/api/v1/apps/{app}/start", apps.StartAsync);
        app.MapPost("/api/v1/apps/{app}/restart", app.Services.GetRequiredService<DeploysEndpoints>().RestartAsync);
        app.MapGet("/api/v1/apps/{app}/logs", logs.GetAsync);

        var domains = app.Services.GetRequiredService<DomainsEndpoints>();
        app.MapGet("/api/v1/apps/{app}/domains", domains.ListAsync);
        app.MapPost("/api/v1/apps/{app}/domains", domains.CreateAsync);
        app.MapGet("/api/v1/apps/{app}/domains/{domain}", domains.GetAsync);
        app.MapDelete("/api/v1/apps/{app}/domains/{domain}", domains.DeleteAsync);
        app.MapPost("/api/v1/apps/{app}/domains/{domain}/renew", domains.RenewAsync);

        var deploysApi = app.Services.GetRequiredService<DeploysEndpoints>();
        app.MapPost("/api/v1/apps/{app}/deploys", deploysApi.CreateAsync);
        app.MapGet("/api/v1/apps/{app}/deploys", deploysApi.ListAsync);
        app.MapGet("/api/v1/apps/{app}/deploys/{id}", deploysApi.GetAsync);
        app.MapGet("/api/v1/apps/{app}/deploys/{id}/log", deploysApi.LogAsync);
        app.MapPost("/api/v1/apps/{app}/deploys/{id}/cancel", deploysApi.CancelAsync);
        app.MapPost("/api/v1/apps/{app}/rollback", deploysApi.RollbackAsync);

        var env = app.Services.GetRequiredService<EnvEndpoints>();
        app.MapGet("/api/v1/apps/{app}/env", env.GetAsync);
        app.MapPut("/api/v1/apps/{app}/env", env.PutAsync);
        app.MapGet("/api/v1/apps/{app}/env/{key}", env.GetOneAsync);
        app.MapDelete("/api/v1/apps/{app}/env/{key}", env.DeleteAsync);

        var sites = app.Services.GetRequiredService<SitesEndpoints>();
        app.MapGet("/api/v1/sites", sites.ListAsync);
        app.MapGet("/api/v1/sites/{site}", sites.GetAsync);
        app.MapDelete("/api/v1/sites/{site}", sites.DeleteAsync);
        app.MapPut("/api/v1/sites/{site}/versions/{version}", sites.PutVersionAsync);
        app.MapGet("/api/v1/sites/{site}/versions/{version}", sites.GetVersionAsync);
        app.MapDelete("/api/v1/sites/{site}/versions/{version}", sites.DeleteVersionAsync);
        app.MapPost("/api/v1/sites/{site}/active", sites.ActivateAsync);

        var templatesApi = app.Services.GetRequiredService<TemplatesEndpoints>();
        app.MapGet("/api/v1/templates", templatesApi.ListAsync);
        app.MapPost("/api/v1/templates", templatesApi.CreateAsync);
        app.MapGet("/api/v1/templates/{id}", templatesApi.GetAsync);
        app.MapPut("/api/v1/templates/{id}", templatesApi.UpdateAsync);
        app.MapDelete("/api/v1/templates/{id}", templatesApi.DeleteAsync);
        app.MapPost("/api/v1/templates/{id}/publish", templatesApi.PublishAsync);
        var deploymentsApi = app.Services.GetRequiredService<DeploymentsEndpoints>();
        app.MapGet("/api/v1/deployments", deploymentsApi.ListAsync);
        app.MapPost("/api/v1/deployments", deploymentsApi.CreateAsync);
        app.MapGet("/api/v1/deployments/{id}", deploymentsApi.GetAsync);
        app.MapDelete("/api/v1/deployments/{id}", deploymentsApi.DeleteAsync);
        app.MapPost("/api/v1/deployments/{id}/start", deploymentsApi.StartAsync);
        app.MapPost("/api/v1/deployments/{id}/stop", deploymentsApi.StopAsync);
        app.MapGet("/api/v1/deployments/{id}/logs", deploymentsApi.LogsAsync);

        MapTriggers(app);
        var certificates = app.Services.GetRequiredService<CertificatesEndpoints>();
        app.MapGet("/api/v1/certificates", certificates.ListAsync);
        app.MapPost("/api/v1/certificates/renew", certificates.RenewAsync);
        var settingsApi = app.Services.GetRequiredService<SettingsEndpoints>();
        app.MapGet("/api/v1/settings", settingsApi.GetAsync);
        app.MapMethods("/api/v1/settings", ["PATCH"], settingsApi.PatchAsync);
        app.MapPost("/api/v1/settings/webhook-secret", settingsApi.RotateWebhookSecretAsync);
        app.MapGet("/api/v1/settings/webhook-secret", settingsApi.GetWebhookSecretAsync);
        app.MapPost("/api/v1/settings/cloudflare/verify", settingsApi.VerifyCloudflareAsync);
        MapSystem(app);
        var backups = app.Services.GetRequiredService<BackupsEndpoints>();
        app.MapGet("/api/v1/backups", backups.ListAsync);
        app.MapPost("/api/v1/backups", backups.CreateAsync);
        app.MapPost("/api/v1/backups/upload", backups.UploadAsync);
        app.MapGet("/api/v1/backups/{id}", backups.DownloadAsync);
        app.MapDelete("/api/v1/backups/{id}", backups.DeleteAsync);
        app.MapPost("/api/v1/backups/{id}/restore", backups.RestoreAsync);
        app.MapPost("/api/v1/system/rotate-key", backups.RotateKeyAsync);
        app.MapFallback("/api/{**rest}", ctx => HttpResults.Problem(ctx, 404, "Not found", $"no API route {ctx.Request.Method} {ctx.Request.Path}"));
    }

    /// <summary>The SSH-free operations: hiy asks, the image's root-side hiy-ops acts.</summary>
    private static void MapSystem(WebApplication app)
    {
        var status = app.Services.GetRequiredService<SystemStatusEndpoints>();
        app.MapGet("/api/v1/system", status.GetAsync);
        app.MapGet("/api/v1/system/history", status.HistoryAsync);
        app.MapGet("/api/v1/apps/{app}/metrics", status.AppMetricsAsync);
        var system = app.Services.GetRequiredService<SystemEndpoints>();
        app.MapGet("/api/v1/system/operations", system.ListAsync);
        app.MapGet("/api/v1/system/operations/{request}", system.GetAsync);
        app.MapPost("/api/v1/system/reboot", system.RebootAsync);
        app.MapPost("/api/v1/system/poweroff", system.PowerOffAsync);
        app.MapGet("/api/v1/system/os-update", system.OsUpdateAsync);
        app.MapPost("/api/v1/system/os-update", system.OsUpdateApplyAsync);
        app.MapPost("/api/v1/system/os-update/check", system.OsUpdateCheckAsync);
        app.MapPut("/api/v1/system/hiy-binary", system.SelfUpdateAsync);
        app.MapGet("/api/v1/system/ssh", system.SshGetAsync);
        app.MapPut("/api/v1/system/ssh", system.SshPutAsync);
        app.MapGet("/api/v1/system/support-bundle", system.SupportBundleAsync);
        app.MapPost("/api/v1/system/cleanup", app.Services.GetRequiredService<CleanupEndpoint>().PostAsync);
        app.MapGet("/metrics", app.Services.GetRequiredService<MetricsEndpoint>().GetAsync);
        var alerts = app.Services.GetRequiredService<AlertsEndpoints>();
        app.MapGet("/api/v1/alerts/settings", alerts.GetSettingsAsync);
        app.MapPut("/api/v1/alerts/settings", alerts.PutSettingsAsync);
        app.MapPost("/api/v1/alerts/test", alerts.TestAsync);
        app.MapGet("/api/v1/alerts/incidents", alerts.IncidentsAsync);
        app.MapGet("/api/v1/apps/{app}/uptime", alerts.UptimeAsync);
    }

    /// <summary>The two ways a push becomes a deploy: GitHub's webhook and `git push` to hiy itself.</summary>
    private static void MapTriggers(WebApplication app)
    {
        var sp = app.Services;
        var apps = sp.GetRequiredService<AppService>();
        var settings = sp.GetRequiredService<SettingsRepository>();
        var deploys = sp.GetRequiredService<DeployService>();
        var deliveries = sp.GetRequiredService<WebhookDeliveryRepository>();
        var tokens = sp.GetRequiredService<TokenAuthenticator>();
        var paths = sp.GetRequiredService<HiyPaths>();
        var appsApi = sp.GetRequiredService<AppsEndpoints>();

        var webhook = new GithubWebhookEndpoint(
            () => settings.GetSecret(SettingsRepository.GithubWebhookSecret),
            _ => Task.FromResult(apps.List()),
            (name, gitRef, sha, _) => Task.FromResult(apps.Find(name) is { } target ? apps.OnTrigger(target, DeployTrigger.Webhook, gitRef, sha) : null),
            id => deliveries.Record(id, "push", "received"),
            sp.GetRequiredService<ILogger<GithubWebhookEndpoint>>());
        app.MapPost("/hooks/github", webhook.HandleAsync);

        var git = new GitHttpEndpoint(paths.GitRepos, paths.GitPushes,
            token => token.StartsWith(ApiTokens.Prefix, StringComparison.Ordinal) && tokens.Authenticate(token) is not null,
            (name, branch, sha, _) =>
            {
                if (apps.Find(name) is not { } target)
                    return Task.FromResult(new GitPushOutcome(null, $"app '{name}' no longer exists"));
                var outcome = apps.OnTrigger(target, DeployTrigger.Git, "refs/heads/" + branch, sha);
                return Task.FromResult(new GitPushOutcome(outcome.Deploy?.Id, outcome.Deploy is null ? outcome.Decision.Reason : null));
            },
            deploys.FollowAsync,
            async (id, ct) =>
            {
                var done = await deploys.WaitAsync(id, ct);
                var url = apps.Find(done.App) is { } a ? appsApi.View(a).Url : null;
                return new GitDeployResult(done.Status == DeployStatus.Succeeded, url, done.Error);
            },
            sp.GetRequiredService<ILogger<GitHttpEndpoint>>(),
            name => apps.Find(name) is not null,
            cancelDeploy: deploys.Cancel,
            stagePush: sp.GetRequiredService<GitSource>().StagePush)
        {
            Stopping = app.Lifetime.ApplicationStopping,
        };
        app.Map("/git/{**rest}", git.HandleAsync);
    }
}
