using Hiy.Hardware.Ups;
using Hiy.Store;

namespace Hiy.Ops;

/// <summary>
/// Samples the UPS every <see cref="Interval"/> and acts on <see cref="LowBatteryPolicy"/>: "on battery" and "power restored"
/// are logged and published once per transition; the first <see cref="UpsState.ShutdownNow"/> runs the sequence (stop every
/// app, sync, request power-off through hiy-ops, as POST /api/v1/system/poweroff does) exactly once, whatever the readings
/// do afterwards. The apps it stopped are remembered in the settings and started again at the next start.
/// </summary>
public sealed class UpsMonitor(
    UpsReader reader,
    OperationsChannel ops,
    SettingsRepository settings,
    UpsShutdownSteps steps,
    IUpsEvents events,
    TimeProvider time,
    ILogger<UpsMonitor> log)
    : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(10);

    /// <summary>Comma-separated names of the apps a low-battery shutdown stopped, for the next start.</summary>
    public const string StoppedAppsKey = "ups_stopped_apps";

    private readonly Lock _lock = new();
    private bool _onBattery;
    private bool _seen;
    private int _shutdown;

    public bool ShutdownStarted => Volatile.Read(ref _shutdown) != 0;

    /// <summary>One sample: read, decide, act. Returns the decision (the tests' view of it).</summary>
    public async Task<UpsState> SampleAsync(CancellationToken ct)
    {
        var reading = reader.Read();
        UpsState state;
        bool announce;
        lock (_lock)
        {
            if (reading is not null && !_seen)
            {
                _seen = true;
                UpsLog.Found(log, reading.Chip, reading.Source);
            }
            state = LowBatteryPolicy.Decide(reading, _onBattery, reader.Settings.ShutdownPercent);
            // ShutdownNow straight from mains (a battery already low when the power went) is an "on battery" transition too
            announce = state == UpsState.PowerRestored || (state is UpsState.OnBattery or UpsState.ShutdownNow && !_onBattery);
            _onBattery = state is UpsState.OnBattery or UpsState.ShutdownNow;
        }
        if (announce && reading is not null)
        {
            var transition = state == UpsState.PowerRestored ? UpsState.PowerRestored : UpsState.OnBattery;
            UpsLog.Transition(log, transition, reading);
            events.Publish(new UpsTransition(transition, reading, time.GetUtcNow()));
        }
        if (state == UpsState.ShutdownNow && reading is not null && Interlocked.Exchange(ref _shutdown, 1) == 0)
        {
            events.Publish(new UpsTransition(UpsState.ShutdownNow, reading, time.GetUtcNow()));
            await ShutdownAsync(reading, ct).ConfigureAwait(false);
        }
        return state;
    }

    private async Task ShutdownAsync(UpsReading reading, CancellationToken ct)
    {
        UpsLog.ShuttingDown(log, reading.BatteryPercent, reading.CellVoltageV, reader.Settings.ShutdownPercent);
        try
        {
            var stopped = await steps.StopApps(ct).ConfigureAwait(false);
            settings.Set(StoppedAppsKey, string.Join(',', stopped));
            UpsLog.AppsStopped(log, stopped.Count);
        }
        catch (Exception e) when (e is IOException or StoreException or Microsoft.Data.Sqlite.SqliteException or Docker.DockerApiException)
        {
            UpsLog.StepFailed(log, "stopping apps", e.Message); // power off anyway: the battery will not wait
        }
        try
        {
            await steps.Sync(ct).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or Core.ProcessRunException or System.ComponentModel.Win32Exception)
        {
            UpsLog.StepFailed(log, "sync", e.Message);
        }
        try
        {
            ops.Submit("poweroff");
            UpsLog.PowerOffRequested(log);
        }
        catch (Exception e) when (e is OpsException or IOException)
        {
            UpsLog.StepFailed(log, "power-off", e.Message);
        }
    }

    /// <summary>Starts the apps an earlier low-battery shutdown stopped, once, and forgets them.</summary>
    public async Task ResumeAsync(CancellationToken ct)
    {
        var names = (settings.Get(StoppedAppsKey) ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries);
        if (names.Length == 0)
            return;
        settings.Set(StoppedAppsKey, "");
        UpsLog.Resuming(log, names.Length);
        await steps.StartApps(names, ct).ConfigureAwait(false);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await ResumeAsync(stoppingToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or StoreException or Microsoft.Data.Sqlite.SqliteException or Docker.DockerApiException)
        {
            UpsLog.StepFailed(log, "starting apps again", e.Message);
        }
        if (reader.Settings.Chip == UpsChip.None)
            return;
        using var timer = new PeriodicTimer(Interval, time);
        do
        {
            try
            {
                await SampleAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                UpsLog.ReadFailed(log, e.Message);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }
}
