using Hiy.Builds;
using Hiy.Config;
using Hiy.Core;
using Hiy.Hardware.Ups;
using Hiy.Ops;
using Hiy.Store;

namespace Hiy.Web;

/// <summary>
/// The UPS HAT's reader, its monitor and the low-battery shutdown's steps, pointed at the app lifecycle (AppService's
/// clean stop and start) here in the composition root, since Ops does not call Builds.
/// </summary>
internal static class UpsRegistration
{
    public static void AddUps(IServiceCollection services, HiyConfig config, TimeProvider time)
    {
        var settings = new UpsSettings(UpsSettings.ParseChip(config.UpsChip) ?? UpsChip.Auto, config.UpsI2cAddress, config.UpsI2cBus,
            config.UpsShutdownPercent);
        // The bus is opened on the reader's first I2C need, and only when the adapter exists (no HAT, no i2c-dev: never).
        services.AddSingleton(new UpsReader(settings, config.HardwareRoot,
            () => File.Exists(LinuxI2cBus.DevicePath(settings.Bus)) ? new LinuxI2cBus(settings.Bus) : null, time));
        services.AddSingleton<UpsEvents>();
        services.AddSingleton<IUpsEvents>(sp => sp.GetRequiredService<UpsEvents>());
        services.AddSingleton(sp => new UpsShutdownSteps(
            ct => StopAppsAsync(sp.GetRequiredService<AppRepository>(), sp.GetRequiredService<AppService>(), ct),
            async ct => await new ProcessRunner().RunAsync("sync", [], timeout: TimeSpan.FromMinutes(1), cancellationToken: ct),
            (names, ct) => StartAppsAsync(sp.GetRequiredService<AppRepository>(), sp.GetRequiredService<AppService>(), names, ct)));
        services.AddSingleton(sp => new UpsMonitor(sp.GetRequiredService<UpsReader>(), sp.GetRequiredService<OperationsChannel>(),
            sp.GetRequiredService<SettingsRepository>(), sp.GetRequiredService<UpsShutdownSteps>(), sp.GetRequiredService<IUpsEvents>(),
            time, sp.GetRequiredService<ILogger<UpsMonitor>>()));
        services.AddHostedService(sp => sp.GetRequiredService<UpsMonitor>());
    }

    /// <summary>Every running app stopped through its lifecycle (status "stopped", container stopped with its grace).</summary>
    internal static async Task<IReadOnlyList<string>> StopAppsAsync(AppRepository apps, AppService lifecycle, CancellationToken ct)
    {
        var stopped = new List<string>();
        foreach (var app in apps.List().Where(a => a.Status == AppStatus.Running && a.CurrentDeployId is not null))
        {
            if ((await lifecycle.StopAsync(app, ct)).Error is null)
                stopped.Add(app.Name);
        }
        return stopped;
    }

    /// <summary>The apps the shutdown stopped, started again unless someone changed them since (deleted, redeployed).</summary>
    internal static async Task StartAppsAsync(AppRepository apps, AppService lifecycle, IReadOnlyList<string> names, CancellationToken ct)
    {
        foreach (var name in names)
        {
            if (apps.Find(name) is { Status: AppStatus.Stopped } app)
                await lifecycle.StartAsync(app, ct);
        }
    }
}
