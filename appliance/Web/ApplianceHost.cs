using System.Net;
using Hiy.Builds;
using Hiy.Acme;
using Hiy.Config;
using Microsoft.AspNetCore.Connections;
using Hiy.Core;
using Hiy.Docker;
using Hiy.Hardware;
using Hiy.Ops;
using Hiy.Ops.Alerts;
using Hiy.Proxy;
using Hiy.Runtime;
using Hiy.Secrets;
using Hiy.Stacks;
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
        var disk = new DiskGuard(paths, time);
        var degraded = PrepareDataDir(paths, disk);
        // A restore staged by the last run swaps in before anything opens the database or reads the key.
        Ops.Backups.RestoreApplier.ApplyPending(paths);
        var db = HiyDatabase.Open(paths.Database);
        DockerClient? docker = null;
        ProxyModule? proxy = null;
        try
        {
            KeyRotation.FinishInterrupted(paths, db); // a rotation that crashed after its commit
            var secrets = new SecretBox(MasterKey.LoadOrCreate(paths.MasterKey));
            docker = new DockerClient(DockerEndpoint.Parse(config.DockerHost));
            // hiy's settings come from ConfigLoader, not appsettings.json: the host's default reload-on-change would keep a
            // FileSystemWatcher (a thread and an inotify watch) on the data dir for files hiy never writes.
            var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
            {
                Args = ["--hostBuilder:reloadConfigOnChange=false"],
                ContentRootPath = paths.DataDir,
            });
            builder.Host.ConfigureHostOptions(o => o.ShutdownTimeout = TimeSpan.FromSeconds(10));
            ConfigureLogging(builder.Logging, config);
            var recentLog = new RecentLog(time);
            builder.Logging.AddProvider(recentLog);
            logging?.Invoke(builder.Logging);
            var settings = new SettingsRepository(db, secrets, time);
            PreseedImport.Apply(paths.DataDir, settings);
            var setupState = SetupState.Load(settings, config.Domain);
            var setupCode = SetupCode.Resolve(config.SetupCode, settings, setupPending: !setupState.Completed);
            // Built before the host: Kestrel reads its listeners (HTTP, HTTPS with SNI) from it in Build().
            proxy = ProxyModule.Create(
                new ProxyOptions { Bind = config.Bind, HttpPort = config.HttpPort, HttpsPort = config.HttpsPort, ControlHosts = config.ControlHosts },
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
            services.AddSingleton(disk);
            services.AddSingleton(db);
            services.AddSingleton(secrets);
            services.AddSingleton(docker);
            services.AddSingleton(settings);
            services.AddSingleton(auth);
            services.AddSingleton(setupState);
            services.AddSingleton(setupCode);
            services.AddSingleton(proxy);
            services.AddSingleton(new AttemptThrottle(time));
            services.AddSingleton(new AppRepository(db, time));
            services.AddSingleton(new EnvRepository(db, secrets, time));
            services.AddSingleton(new LogRepository(db));
            services.AddSingleton(new DeployRepository(db, time));
            services.AddSingleton<LogHub>();
            services.AddSingleton<IContainerEngine>(new DockerContainerEngine(docker));
            services.AddSingleton<AppRuntime>();
            services.AddSingleton(sp => new HealthCheck(sp.GetRequiredService<IContainerEngine>(), time));
            services.AddSingleton<LogCollectors>();
            services.AddSingleton(new SiteRepository(db, time));
            services.AddSingleton(new DomainRepository(db, time));
            services.AddSingleton(sp => new RoutePublisher(proxy, sp.GetRequiredService<AppRepository>(), sp.GetRequiredService<SiteRepository>(),
                sp.GetRequiredService<DomainRepository>(), sp.GetRequiredService<DeployRepository>(), paths, () => setupState.Domain,
                sp.GetRequiredService<ILogger<RoutePublisher>>()));
            // First of the runtime's hosted services: the engine is put right before the runtime reconciles.
            services.AddSingleton<StartupRecovery>();
            services.AddHostedService(sp => sp.GetRequiredService<StartupRecovery>());
            // Registered before the runtime and the build queue, so it stops after both: retirements scheduled
            // by a last swap are still awaited.
            services.AddSingleton<Retirements>();
            services.AddHostedService(sp => sp.GetRequiredService<Retirements>());
            services.AddSingleton<RuntimeService>();
            services.AddSingleton<IRouteSwap>(sp => sp.GetRequiredService<RuntimeService>());
            services.AddHostedService(sp => sp.GetRequiredService<RuntimeService>());
            services.AddSingleton<ReleaseSwapper>();
            services.AddStacks(db, secrets, time, () => setupState.Domain);
            services.AddSingleton<TemplatesEndpoints>();
            services.AddSingleton<DeploymentsEndpoints>();
            services.AddSingleton(new WebhookDeliveryRepository(db, time));
            services.AddSingleton(new GitSource(new ProcessRunner()));
            services.AddSingleton(new BaseImages { Node = config.BaseImageNode, Python = config.BaseImagePython, Go = config.BaseImageGo });
            services.AddSingleton<StaticSitePublisher>();
            services.AddSingleton(sp => new BuildCacheTrimmer(docker, sp.GetRequiredService<AppRepository>(), sp.GetRequiredService<DeployRepository>(),
                config.BuildCacheMaxMb * 1048576L));
            services.AddSingleton<DeployPipeline>();
            services.AddSingleton<DeployService>();
            services.AddSingleton<ImageUploader>();
            services.AddSingleton<AppService>();
            // Removing an app also stops serving its custom domains' certificates (Acme is not Builds' to call).
            services.AddSingleton(sp => new AppDeletionHooks().Add(app => sp.GetRequiredService<CustomDomainService>().RemoveAllFor(app)));
            services.AddHostedService(sp => sp.GetRequiredService<DeployService>());
            services.AddSingleton<PollService>();
            services.AddHostedService(sp => sp.GetRequiredService<PollService>());
            services.AddSingleton<AppsEndpoints>();
            services.AddSingleton<DeploysEndpoints>();
            services.AddSingleton<SitesEndpoints>();
            services.AddSingleton(sp => new EnvEndpoints(sp.GetRequiredService<AppsEndpoints>(), sp.GetRequiredService<EnvRepository>(),
                sp.GetRequiredService<AppService>().RestartWithNewEnvAsync));
            services.AddSingleton<LogsEndpoints>();
            services.AddSingleton<ApiGuard>();
            services.AddSingleton<HealthEndpoints>();
            services.AddSingleton<AuthEndpoints>();
            services.AddSingleton<TokenAuthenticator>();
            services.AddSingleton<TokensEndpoints>();
            services.AddSingleton<PasswordSignIn>();
            services.AddSingleton(new DashboardSessions(auth, secrets.DeriveKey("csrf"), time));
            services.AddSingleton<SessionEndpoints>();
            services.AddSingleton(sp => new SetupEndpoints(
                sp.GetRequiredService<SetupState>(), db, settings, auth, sp.GetRequiredService<AttemptThrottle>(),
                setupCode, time, sp.GetRequiredService<ILogger<SetupEndpoints>>()));

            AddCertificates(services, config, proxy, db, secrets, settings, time);
            AddOperations(services, config, paths, db, recentLog, time);
            AddBackups(services, config, paths);

            var app = builder.Build();
            var webLog = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Hiy.Web");
            disk.UseLogger(app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Hiy.Store.DiskGuard"));
            if (degraded is not null)
                WebLog.DegradedStart(webLog, paths.DataDir, degraded);
            try
            {
                // Before anything reads deploys or starts a build: a crashed run's records, statuses and scratch dirs.
                app.Services.GetRequiredService<StartupRecovery>().RecoverRecords();
            }
            catch (StoreException e) when (e.IsDiskFull)
            {
                // Left for the next start with room: an unfinished deploy reads as abandoned until then (DESIGN.md rule 7).
                WebLog.DegradedStart(webLog, paths.DataDir, e.Message);
            }
            var runtimeService = app.Services.GetRequiredService<RuntimeService>();
            setupState.Changed += runtimeService.RepublishRoutes;
            var certificateManager = app.Services.GetRequiredService<CertificateManager>();
            setupState.Changed += () => certificateManager.CheckNow(); // the wizard's ACME settings apply at once
            HiyRoutes.Map(app);
            if (!setupState.Completed)
            {
                // Once per start while setup is pending: the owner reads it from the console or the journal.
                if (setupCode.Generated)
                    WebLog.SetupCodeGenerated(webLog, setupCode.Value);
                else
                    WebLog.SetupCodeConfigured(webLog);
            }
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
            sp.GetRequiredService<CertificateRepository>(), sp.GetRequiredService<DomainRepository>(),
            sp.GetRequiredService<AcmeAccountRepository>(), settings, proxy,
            sp.GetRequiredService<Http01ChallengeStore>(), sp.GetRequiredService<CertificateManagerOptions>(), time,
            sp.GetRequiredService<ILogger<CertificateManager>>()));
        services.AddHostedService(sp => sp.GetRequiredService<CertificateManager>());
        services.AddSingleton<CertificatesEndpoints>();
        // Custom domains: routes are the runtime's to publish, so the service gets a delegate (Acme does not call Runtime).
        services.AddSingleton(sp => new CustomDomainService(sp.GetRequiredService<DomainRepository>(), sp.GetRequiredService<AppRepository>(),
            sp.GetRequiredService<CertificateManager>(), () => sp.GetRequiredService<SetupState>().Domain,
            () => sp.GetRequiredService<RuntimeService>().RepublishRoutes()));
        services.AddSingleton<DomainsEndpoints>();
        services.AddSingleton(sp => new CloudflareTokenCheck(new Uri(config.CloudflareApiBase)));
        services.AddSingleton<SettingsEndpoints>();
        services.AddSingleton<SetupCloudflareEndpoint>();
    }

    /// <summary>The SSH-free operations, the machine's history and the support bundle.</summary>
    private static void AddOperations(IServiceCollection services, HiyConfig config, HiyPaths paths, HiyDatabase db, RecentLog recentLog,
        TimeProvider time)
    {
        services.AddSingleton(recentLog);
        services.AddSingleton(sp => new OperationsChannel(config.OpsDir, paths.Ops, time, sp.GetRequiredService<ILogger<OperationsChannel>>()));
        services.AddSingleton(new SystemProbe(config.HardwareRoot, paths.DataDir, time));
        UpsRegistration.AddUps(services, config, time);
        services.AddSingleton(new SystemSampleRepository(db));
        services.AddSingleton(new AppSampleRepository(db));
        services.AddSingleton(sp => new AppStatsReader(sp.GetRequiredService<IContainerEngine>(), sp.GetRequiredService<AppRepository>(), time));
        services.AddSingleton(sp => new SystemSampler(sp.GetRequiredService<SystemProbe>(), sp.GetRequiredService<SystemSampleRepository>(),
            sp.GetRequiredService<AppSampleRepository>(), sp.GetRequiredService<AppStatsReader>().ReadAsync, time, sp.GetRequiredService<ILogger<SystemSampler>>()));
        services.AddHostedService(sp => sp.GetRequiredService<SystemSampler>());
        services.AddSingleton<SelfUpdate>();
        services.AddSingleton<SshAccess>();
        // the setup code is the one secret that lives outside the store
        services.AddSingleton(sp => new HeldSecrets(sp.GetRequiredService<AppRepository>(), sp.GetRequiredService<EnvRepository>(),
            sp.GetRequiredService<SettingsRepository>(), [sp.GetRequiredService<SetupCode>().Value]));
        services.AddSingleton(sp => new SupportBundleCollector(
            sp.GetRequiredService<AppRepository>(), sp.GetRequiredService<DeployRepository>(), sp.GetRequiredService<LogRepository>(),
            sp.GetRequiredService<HeldSecrets>(), sp.GetRequiredService<SystemSampleRepository>(),
            sp.GetRequiredService<SystemProbe>(), sp.GetRequiredService<OperationsChannel>(), recentLog, sp.GetRequiredService<DockerClient>(),
            time));
        services.AddSingleton<SystemEndpoints>();
        services.AddSingleton<CleanupEndpoint>();
        services.AddSingleton(sp => new SystemStatusEndpoints(sp.GetRequiredService<SystemProbe>(), new CpuMeter(sp.GetRequiredService<SystemProbe>().ProcStat),
            sp.GetRequiredService<AppStatsReader>(), sp.GetRequiredService<CertificateManager>(), sp.GetRequiredService<SystemSampleRepository>(),
            sp.GetRequiredService<AppSampleRepository>(), sp.GetRequiredService<AppsEndpoints>(), sp.GetRequiredService<DiskGuard>(), sp.GetRequiredService<Hardware.Ups.UpsReader>(), time));
        services.AddSingleton(sp => new MetricsEndpoint(config.MetricsAllow, sp.GetRequiredService<TokenAuthenticator>(),
            sp.GetRequiredService<AppRepository>(), sp.GetRequiredService<DeployRepository>(), sp.GetRequiredService<AppStatsReader>(),
            sp.GetRequiredService<IContainerEngine>(), sp.GetRequiredService<ProxyModule>(), sp.GetRequiredService<CertificateManager>(),
            sp.GetRequiredService<SystemProbe>(), new CpuMeter(sp.GetRequiredService<SystemProbe>().ProcStat),
            () => UpsView.From(sp.GetRequiredService<Hardware.Ups.UpsReader>().Read()), // what GET /api/v1/system shows
            sp.GetRequiredService<ILogger<MetricsEndpoint>>()));
        AddAlerts(services, config, db, time);
    }

    /// <summary>Uptime checks through the proxy every 30 s, the alert rules over them and the machine, and their channels.</summary>
    private static void AddAlerts(IServiceCollection services, HiyConfig config, HiyDatabase db, TimeProvider time)
    {
        services.AddSingleton(new UptimeRepository(db));
        services.AddSingleton(new IncidentRepository(db));
        services.AddSingleton(sp => new AlertSettingsStore(db, sp.GetRequiredService<SettingsRepository>()));
        services.AddSingleton(new AlertChannels(AlertChannels.CreateHttpClient(), time));
        services.AddSingleton(sp => new AlertMonitor(sp.GetRequiredService<IncidentRepository>(), sp.GetRequiredService<AlertSettingsStore>(),
            sp.GetRequiredService<AlertChannels>(), time, sp.GetRequiredService<ILogger<AlertMonitor>>()));
        // Through the proxy's own listener, as a visitor arrives: HTTPS when it listens, else HTTP (port 0 resolved once started).
        services.AddSingleton(sp => new UptimeChecker(() => ProxyEndpoint(sp, config), time));
        services.AddSingleton(sp => new UptimeService(sp.GetRequiredService<UptimeChecker>(), sp.GetRequiredService<UptimeRepository>(),
            sp.GetRequiredService<AppRepository>(), sp.GetRequiredService<AlertMonitor>(), sp.GetRequiredService<SystemProbe>(),
            () => sp.GetRequiredService<SetupState>().Domain,
            () => sp.GetRequiredService<CertificateManager>().List().Where(c => c.ConsecutiveFailures > 0)
                .Select(c => new CertificateFailure(c.PrimaryName, c.ConsecutiveFailures, c.LastError)).ToList(),
            () => sp.GetRequiredService<Hardware.Ups.UpsReader>().Read()?.BatteryPercent,
            time, sp.GetRequiredService<ILogger<UptimeService>>()));
        services.AddHostedService(sp => sp.GetRequiredService<UptimeService>());
        services.AddSingleton<AlertsEndpoints>();
    }

    private static (string Scheme, IPEndPoint Proxy) ProxyEndpoint(IServiceProvider sp, HiyConfig config)
    {
        var address = config.Bind is { Length: > 0 } bind && IPAddress.TryParse(bind, out var b) && !b.Equals(IPAddress.Any) && !b.Equals(IPAddress.IPv6Any)
            ? b : IPAddress.Loopback;
        var scheme = config.HttpsPort > 0 ? "https" : "http";
        var port = scheme == "https" ? config.HttpsPort : config.HttpPort;
        if (port == 0)
        {
            // Tests listen on port 0: the bound port is in the server's addresses.
            var bound = sp.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses
                .FirstOrDefault(a => a.StartsWith(scheme + "://", StringComparison.Ordinal));
            port = bound is null ? 0 : new Uri(bound).Port;
        }
        return (scheme, new IPEndPoint(address, port));
    }

    /// <summary>Backups (written, listed, uploaded, restored at the next start), the daily schedule and key rotation.</summary>
    private static void AddBackups(IServiceCollection services, HiyConfig config, HiyPaths paths)
    {
        services.AddSingleton<KeyRotation>();
        services.AddSingleton<Ops.Backups.BackupWriter>();
        services.AddSingleton(sp => new Ops.Backups.BackupService(sp.GetRequiredService<Ops.Backups.BackupWriter>(), paths,
            config.BackupDir ?? paths.Backups, config.BackupRetentionDays, sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<Ops.Backups.BackupService>>()));
        services.AddSingleton(sp => new Ops.Backups.BackupScheduler(sp.GetRequiredService<Ops.Backups.BackupService>(), config.BackupRetentionDays,
            sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<Ops.Backups.BackupScheduler>>()));
        services.AddHostedService(sp => sp.GetRequiredService<Ops.Backups.BackupScheduler>());
        services.AddSingleton(sp => new BackupsEndpoints(sp.GetRequiredService<Ops.Backups.BackupService>(), sp.GetRequiredService<KeyRotation>(),
            sp.GetRequiredService<IHostApplicationLifetime>(), config.BackupRetentionDays));
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

    /// <summary>
    /// Creates the data directory (0700) and proves it is writable before anything else touches it. A full disk is no
    /// reason to stay down (there would be no dashboard to free space from): the reason is returned and hiy starts
    /// degraded, reading but answering writes 507 until space is freed.
    /// </summary>
    private static string? PrepareDataDir(HiyPaths paths, DiskGuard disk)
    {
        var probe = Path.Combine(paths.DataDir, ".write-test");
        try
        {
            Directory.CreateDirectory(paths.DataDir, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            var state = disk.Current(); // on a full disk this gives up the reserve first, so the probe below has room
            File.WriteAllText(probe, "ok");
            File.Delete(probe);
            return state.Full ? state.Describe() : null;
        }
        catch (IOException e) when (DiskFull.IsCause(e))
        {
            try { File.Delete(probe); } catch (IOException) { }
            return e.Message;
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
