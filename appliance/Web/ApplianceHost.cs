using System.Net;
using Hiy.Builds;
using Hiy.Acme;
using Hiy.Config;
using Microsoft.AspNetCore.Connections;
using Hiy.Core;
using Hiy.Docker;
using Hiy.Proxy;
using Hiy.Runtime;
using Hiy.Secrets;
using Hiy.Store;
using Hiy.Web.Api;
using Hiy.Web.Auth;
using Hiy.Web.Git;
using Hiy.Web.Webhooks;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Logging.Console;

namespace Hiy.Web;

/// <summary>
/// The composition root of <c>hiy serve</c>: opens the data directory, the database and the master key,
/// then builds the Kestrel host with the host split, the API gate and the routes.
/// </summary>
public sealed class ApplianceHost : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly HiyDatabase _db;
    private readonly DockerClient _docker;

    private ApplianceHost(WebApplication app, HiyDatabase db, DockerClient docker, HiyConfig config)
    {
        _app = app;
        _db = db;
        _docker = docker;
        Config = config;
    }

    public HiyConfig Config { get; }

    /// <summary>The addresses Kestrel really listens on (port 0 resolved), once started.</summary>
    public IReadOnlyList<string> Addresses =>
        _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.ToArray() ?? [];

    public IServiceProvider Services => _app.Services;

    public static ApplianceHost Build(HiyConfig config, TimeProvider? time = null, Action<ILoggingBuilder>? logging = null)
    {
        time ??= TimeProvider.System;
        var paths = new HiyPaths(config.DataDir);
        PrepareDataDir(paths);
        var db = HiyDatabase.Open(paths.Database);
        DockerClient? docker = null;
        ProxyModule? proxy = null;
        try
        {
            var secrets = new SecretBox(MasterKey.LoadOrCreate(paths.MasterKey));
            docker = new DockerClient(DockerEndpoint.Parse(config.DockerHost));
            var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [], ContentRootPath = paths.DataDir });
            builder.Host.ConfigureHostOptions(o => o.ShutdownTimeout = TimeSpan.FromSeconds(10));
            ConfigureLogging(builder.Logging, config);
            logging?.Invoke(builder.Logging);
            var settings = new SettingsRepository(db, secrets, time);
            PreseedImport.Apply(paths.DataDir, settings);
            var setupState = SetupState.Load(settings, config.Domain);
            // Built before the host: Kestrel reads its listeners (HTTP, HTTPS with SNI) from it in Build().
            proxy = ProxyModule.Create(
                new ProxyOptions { Bind = config.Bind, HttpPort = config.HttpPort, HttpsPort = config.HttpsPort },
                setupState.Domain, Path.Combine(paths.DataDir, "tls", "fallback.pfx"),
                LoggerFactory.Create(l => ConfigureLogging(l, config)).CreateLogger("Hiy.Proxy"), time);
            builder.WebHost.ConfigureKestrel(k =>
            {
                k.AddServerHeader = false;
                proxy.ConfigureKestrel(k);
            });

            var auth = new AuthRepository(db, time);
            var services = builder.Services;
            services.AddSingleton(config);
            services.AddSingleton(time);
            services.AddSingleton(paths);
            services.AddSingleton(db);
            services.AddSingleton(secrets);
            services.AddSingleton(docker);
            services.AddSingleton(settings);
            services.AddSingleton(auth);
            services.AddSingleton(setupState);
            services.AddSingleton(proxy);
            services.AddSingleton(new AttemptThrottle(time));
            services.AddSingleton(new AppRepository(db, time));
            services.AddSingleton(new EnvRepository(db, secrets, time));
            services.AddSingleton(new LogRepository(db));
            services.AddSingleton(new DeployRepository(db, time));
            services.AddSingleton<LogHub>();
            services.AddSingleton<AppRuntime>();
            services.AddSingleton(new HealthCheck(docker));
            services.AddSingleton<LogCollectors>();
            services.AddSingleton(new SiteRepository(db, time));
            services.AddSingleton(sp => new RoutePublisher(proxy, sp.GetRequiredService<AppRepository>(), sp.GetRequiredService<SiteRepository>(),
                paths, () => setupState.Domain,
                sp.GetRequiredService<ILogger<RoutePublisher>>()));
            services.AddSingleton<RuntimeService>();
            services.AddHostedService(sp => sp.GetRequiredService<RuntimeService>());
            services.AddSingleton<ReleaseSwapper>();
            services.AddSingleton(new WebhookDeliveryRepository(db, time));
            services.AddSingleton(new GitSource(new ProcessRunner()));
            services.AddSingleton(BaseImages.Default);
            services.AddSingleton<DeployPipeline>();
            services.AddSingleton<DeployService>();
            services.AddHostedService(sp => sp.GetRequiredService<DeployService>());
            services.AddSingleton<PollService>();
            services.AddHostedService(sp => sp.GetRequiredService<PollService>());
            services.AddSingleton<AppsEndpoints>();
            services.AddSingleton<DeploysEndpoints>();
            services.AddSingleton<SitesEndpoints>();
            services.AddSingleton(sp => new EnvEndpoints(sp.GetRequiredService<AppsEndpoints>(), sp.GetRequiredService<EnvRepository>(),
                sp.GetRequiredService<DeploysEndpoints>().RestartWithNewEnvAsync));
            services.AddSingleton<LogsEndpoints>();
            services.AddSingleton<ApiGuard>();
            services.AddSingleton<HealthEndpoints>();
            services.AddSingleton<AuthEndpoints>();
            services.AddSingleton(sp => new SetupEndpoints(
                sp.GetRequiredService<SetupState>(), db, settings, auth, sp.GetRequiredService<AttemptThrottle>(),
                config.SetupCode, time, sp.GetRequiredService<ILogger<SetupEndpoints>>()));

            AddCertificates(services, config, proxy, db, secrets, settings, time);

            var app = builder.Build();
            app.Services.GetRequiredService<DeployRepository>().ReapAbandoned();
            var runtimeService = app.Services.GetRequiredService<RuntimeService>();
            setupState.Changed += runtimeService.RepublishRoutes;
            var certificateManager = app.Services.GetRequiredService<CertificateManager>();
            setupState.Changed += () => certificateManager.CheckNow(); // the wizard's ACME settings apply at once
            MapRoutes(app);
            return new ApplianceHost(app, db, docker, config);
        }
        catch
        {
            proxy?.Dispose();
            docker?.Dispose();
            db.Dispose();
            throw;
        }
    }

    /// <summary>ACME: the certificate manager, its tables, the http-01 bridge into the proxy, the API.</summary>
    private static void AddCertificates(IServiceCollection services, HiyConfig config, ProxyModule proxy, HiyDatabase db,
        SecretBox secrets, SettingsRepository settings, TimeProvider time)
    {
        services.AddSingleton(new CertificateRepository(db, secrets, time));
        services.AddSingleton(new AcmeAccountRepository(db, secrets, time));
        // The proxy answers http-01 from its own responder; it must not know Acme, so a delegate mirrors the tokens.
        services.AddSingleton(new Http01ChallengeStore(proxy.Challenges.Set, proxy.Challenges.Remove));
        services.AddSingleton(new CertificateManagerOptions
        {
            DirectoryUrl = new Uri(config.AcmeDirectoryUrl),
            CaBundlePath = config.AcmeCaBundle,
            DnsServers = config.AcmeDnsServers,
            CloudflareApiBase = new Uri(config.CloudflareApiBase),
        });
        services.AddSingleton(sp => new CertificateManager(
            sp.GetRequiredService<CertificateRepository>(), sp.GetRequiredService<AcmeAccountRepository>(), settings, proxy,
            sp.GetRequiredService<Http01ChallengeStore>(), sp.GetRequiredService<CertificateManagerOptions>(), time,
            sp.GetRequiredService<ILogger<CertificateManager>>()));
        services.AddHostedService(sp => sp.GetRequiredService<CertificateManager>());
        services.AddSingleton<CertificatesEndpoints>();
    }

    private static void MapRoutes(WebApplication app)
    {
        var errorLog = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Hiy.Web");
        app.Use(async (ctx, next) =>
        {
            try
            {
                await next(ctx);
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
        app.MapPost("/api/v1/auth/token", auth.TokenAsync);

        var apps = app.Services.GetRequiredService<AppsEndpoints>();
        var logs = app.Services.GetRequiredService<LogsEndpoints>();
        app.MapGet("/api/v1/apps", apps.ListAsync);
        app.MapPost("/api/v1/apps", apps.CreateAsync);
        app.MapGet("/api/v1/apps/{app}", apps.GetAsync);
        app.MapMethods("/api/v1/apps/{app}", ["PATCH"], apps.PatchAsync);
        app.MapDelete("/api/v1/apps/{app}", apps.DeleteAsync);
        app.MapPost("/api/v1/apps/{app}/stop", apps.StopAsync);
        app.MapPost("/api/v1/apps/{app}/start", apps.StartAsync);
        app.MapPost("/api/v1/apps/{app}/restart", apps.RestartAsync);
        app.MapGet("/api/v1/apps/{app}/logs", logs.GetAsync);

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
        app.MapDelete("/api/v1/apps/{app}/env/{key}", env.DeleteAsync);

        var sites = app.Services.GetRequiredService<SitesEndpoints>();
        app.MapGet("/api/v1/sites", sites.ListAsync);
        app.MapGet("/api/v1/sites/{site}", sites.GetAsync);
        app.MapDelete("/api/v1/sites/{site}", sites.DeleteAsync);
        app.MapPut("/api/v1/sites/{site}/versions/{version}", sites.PutVersionAsync);
        app.MapGet("/api/v1/sites/{site}/versions/{version}", sites.GetVersionAsync);
        app.MapDelete("/api/v1/sites/{site}/versions/{version}", sites.DeleteVersionAsync);
        app.MapPost("/api/v1/sites/{site}/active", sites.ActivateAsync);

        MapTriggers(app);
        var certificates = app.Services.GetRequiredService<CertificatesEndpoints>();
        app.MapGet("/api/v1/certificates", certificates.ListAsync);
        app.MapPost("/api/v1/certificates/renew", certificates.RenewAsync);
        app.MapFallback("/api/{**rest}", ctx => HttpResults.Problem(ctx, 404, "Not found", $"no API route {ctx.Request.Method} {ctx.Request.Path}"));
    }

    /// <summary>The two ways a push becomes a deploy: GitHub's webhook and `git push` to hiy itself.</summary>
    private static void MapTriggers(WebApplication app)
    {
        var sp = app.Services;
        var apps = sp.GetRequiredService<AppRepository>();
        var settings = sp.GetRequiredService<SettingsRepository>();
        var deploys = sp.GetRequiredService<DeployService>();
        var deliveries = sp.GetRequiredService<WebhookDeliveryRepository>();
        var auth = sp.GetRequiredService<AuthRepository>();
        var paths = sp.GetRequiredService<HiyPaths>();
        var appsApi = sp.GetRequiredService<AppsEndpoints>();

        var webhook = new GithubWebhookEndpoint(
            () => settings.GetSecret(SettingsRepository.GithubWebhookSecret),
            _ => Task.FromResult(apps.List()),
            (name, sha, _) => Task.FromResult(deploys.Enqueue(apps.Find(name)!, "webhook", sha: sha).Id),
            id => deliveries.Record(id, "push", "received"),
            sp.GetRequiredService<ILogger<GithubWebhookEndpoint>>());
        app.MapPost("/hooks/github", webhook.HandleAsync);

        var git = new GitHttpEndpoint(paths.GitRepos, paths.GitPushes,
            token => token.StartsWith(ApiTokens.Prefix, StringComparison.Ordinal) && auth.FindTokenUser(ApiTokens.Hash(token)) is not null,
            (name, branch, sha, _) =>
            {
                var target = apps.Find(name)!;
                if (branch != target.Branch)
                    return Task.FromResult(new GitPushOutcome(null, $"pushed '{branch}'; app '{name}' deploys branch '{target.Branch}', so nothing was deployed"));
                return Task.FromResult(new GitPushOutcome(deploys.Enqueue(target, "git", branch, sha).Id));
            },
            deploys.FollowAsync,
            async (id, ct) =>
            {
                var done = await deploys.WaitAsync(id, ct);
                var url = apps.Find(done.App) is { } a ? appsApi.View(a).Url : null;
                return new GitDeployResult(done.Status == "succeeded", url, done.Error);
            },
            sp.GetRequiredService<ILogger<GitHttpEndpoint>>(),
            name => apps.Find(name) is not null);
        app.Map("/git/{**rest}", git.HandleAsync);
    }

    private static void ConfigureLogging(ILoggingBuilder logging, HiyConfig config)
    {
        logging.ClearProviders();
        logging.SetMinimumLevel(Enum.Parse<LogLevel>(config.LogLevel, ignoreCase: true));
        logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        logging.AddFilter("Microsoft.Hosting.Lifetime", LogLevel.Information);
        if (Environment.GetEnvironmentVariable("JOURNAL_STREAM") is { Length: > 0 })
        {
            // Under systemd: "<6>" priority prefixes that journald turns into levels.
            logging.AddSystemdConsole(o => o.IncludeScopes = false);
            return;
        }
        logging.AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.UseUtcTimestamp = true;
            o.TimestampFormat = "yyyy-MM-dd'T'HH:mm:ss.fff'Z' ";
            o.ColorBehavior = Console.IsOutputRedirected ? LoggerColorBehavior.Disabled : LoggerColorBehavior.Default;
        });
    }

    /// <summary>Creates the data directory (0700) and proves it is writable before anything else touches it.</summary>
    private static void PrepareDataDir(HiyPaths paths)
    {
        try
        {
            Directory.CreateDirectory(paths.DataDir, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            var probe = Path.Combine(paths.DataDir, ".write-test");
            File.WriteAllText(probe, "ok");
            File.Delete(probe);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new StartupException($"data_dir {paths.DataDir} is not usable: {e.Message}", e);
        }
    }

    public async Task StartAsync(CancellationToken ct = default)
    {
        try
        {
            await _app.StartAsync(ct);
        }
        catch (IOException e) when (e.InnerException is AddressInUseException || e.Message.Contains("address already in use", StringComparison.OrdinalIgnoreCase))
        {
            throw new StartupException($"cannot listen on port {Config.HttpPort}: address already in use (another hiy or web server?); pick another with --http-port", e);
        }
        catch (Exception e) when (e is IOException or System.Net.Sockets.SocketException or UnauthorizedAccessException)
        {
            var hint = Config.HttpPort < 1024 ? " (ports below 1024 need root; run with --http-port 8080 --https-port 0)" : "";
            throw new StartupException($"cannot listen on port {Config.HttpPort}: {e.Message}{hint}", e);
        }
    }

    public Task WaitForShutdownAsync(CancellationToken ct = default) => _app.WaitForShutdownAsync(ct);

    public async Task StopAsync() => await _app.StopAsync();

    public async ValueTask DisposeAsync()
    {
        var proxy = _app.Services.GetRequiredService<ProxyModule>();
        await _app.DisposeAsync();
        proxy.Dispose();
        _docker.Dispose();
        _db.Dispose();
    }
}
