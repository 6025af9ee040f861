using System.Collections.Concurrent;
using System.Security.Cryptography;
using Hiy.Hardware.Ups;
using Hiy.Ops;
using Hiy.Secrets;
using Hiy.Store;
using Hiy.Tests.Hardware.Ups;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Hiy.Tests.Ops;

/// <summary>The low-battery path against a simulated Waveshare HAT (INA219 at 0x42, 2S pack) on a manual clock.</summary>
public sealed class UpsMonitorTests : IDisposable
{
    private readonly TempDir _dir = new();
    private readonly ManualTimeProvider _time = new() { ManualTimers = true };
    private readonly SimulatedIna219 _hat = new() { BusVolts = 8.3, Amps = 0.2 }; // charging on mains
    private readonly SimulatedI2cBus _bus = new();
    private readonly HiyDatabase _db;
    private readonly SettingsRepository _settings;
    private readonly OperationsChannel _ops;
    private readonly CapturedLog _log = new();
    private readonly ConcurrentQueue<string> _steps = new();
    private readonly ConcurrentQueue<UpsState> _transitions = new();
    private readonly List<string> _started = [];
    private readonly UpsMonitor _monitor;

    public UpsMonitorTests()
    {
        _bus.With(0x42, _hat);
        _db = HiyDatabase.Open(_dir.File("hiy.db"));
        _settings = new SettingsRepository(_db, new SecretBox(RandomNumberGenerator.GetBytes(32)), _time);
        Directory.CreateDirectory(_dir.File("requests"));
        _ops = new OperationsChannel(_dir.File("requests"), _dir.File("state"), _time, NullLogger<OperationsChannel>.Instance);
        var events = new UpsEvents();
        events.Transition += t => _transitions.Enqueue(t.State);
        events.Transition += _ => throw new InvalidOperationException("a broken subscriber"); // must not stop the sequence
        var steps = new UpsShutdownSteps(
            _ => { _steps.Enqueue("stop apps"); return Task.FromResult<IReadOnlyList<string>>(["blog", "shop"]); },
            _ => { _steps.Enqueue("sync"); return Task.CompletedTask; },
            (names, _) => { _started.AddRange(names); return Task.CompletedTask; });
        _monitor = new UpsMonitor(new UpsReader(new UpsSettings(), _dir.File("no-sysfs"), () => _bus, _time), _ops, _settings, steps, events, _time,
            new LoggerFactory([_log]).CreateLogger<UpsMonitor>());
    }

    [Fact]
    public async Task Service_BatteryDrainsBelowThreshold_AppsStoppedSyncedPowerOffRequestedOnce()
    {
        await _monitor.StartAsync(default);
        await TickAsync(first: true); // on mains
        _hat.Amps = -0.8; // the power goes: the HAT feeds the Pi
        _hat.BusVolts = 7.6;
        await TickAsync();
        await TickAsync();
        Assert.Equal([UpsState.OnBattery], _transitions);
        Assert.Empty(_steps);
        _hat.BusVolts = 7.2; // 50 %
        await TickAsync();
        _hat.BusVolts = 6.2; // 3.1 V per cell: 8.3 % on Waveshare's line, under the 10 % threshold
        await TickAsync();
        await Until(() => File.Exists(_dir.File("requests/poweroff")));
        for (var i = 0; i < 3; i++) // the battery stays low: nothing runs again
            await TickAsync();
        _hat.BusVolts = 6.0;
        Assert.Equal(UpsState.ShutdownNow, await _monitor.SampleAsync(default));
        await _monitor.StopAsync(default);

        Assert.Equal(["stop apps", "sync"], _steps);
        Assert.Equal("requested", _ops.Status("poweroff")!.State);
        Assert.Equal("blog,shop", _settings.Get(UpsMonitor.StoppedAppsKey));
        Assert.Equal([UpsState.OnBattery, UpsState.ShutdownNow], _transitions);
        Assert.Single(_log.Lines, l => l.Message.StartsWith("on battery", StringComparison.Ordinal));
        Assert.Single(_log.Lines, l => l.Message.Contains("powering off", StringComparison.Ordinal));
        Assert.Single(_log.Lines, l => l.Message.Contains("power-off requested", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Sample_PowerBackOnBattery_RestoredOnceNoShutdown()
    {
        Assert.Equal(UpsState.Normal, await _monitor.SampleAsync(default));
        _hat.Amps = -0.9;
        Assert.Equal(UpsState.OnBattery, await _monitor.SampleAsync(default));
        _hat.Amps = 0.6;
        Assert.Equal(UpsState.PowerRestored, await _monitor.SampleAsync(default));
        Assert.Equal(UpsState.Normal, await _monitor.SampleAsync(default));
        Assert.Equal([UpsState.OnBattery, UpsState.PowerRestored], _transitions);
        Assert.Single(_log.Lines, l => l.Message.StartsWith("power restored", StringComparison.Ordinal));
        Assert.Empty(_steps);
        Assert.False(File.Exists(_dir.File("requests/poweroff")));
    }

    [Fact]
    public async Task Resume_AfterLowBatteryShutdown_StartsTheStoppedAppsOnce()
    {
        _settings.Set(UpsMonitor.StoppedAppsKey, "blog,shop");
        await _monitor.ResumeAsync(default);
        await _monitor.ResumeAsync(default);
        Assert.Equal(["blog", "shop"], _started);
        Assert.Equal("", _settings.Get(UpsMonitor.StoppedAppsKey));
    }

    /// <summary>Moves the clock one interval (or waits for the first sample) and waits until the sample has read the HAT.</summary>
    private async Task TickAsync(bool first = false)
    {
        var before = _bus.Transfers;
        if (first)
        {
            await Until(() => _bus.Transfers > 0 && _time.PendingTimers > 0);
        }
        else
        {
            _time.Advance(UpsMonitor.Interval);
            await Until(() => _bus.Transfers > before);
        }
        await Task.Delay(20); // let the rest of the sample (a shutdown step) finish
    }

    private static async Task Until(Func<bool> condition)
    {
        for (var i = 0; i < 500 && !condition(); i++)
            await Task.Delay(10);
        Assert.True(condition());
    }

    public void Dispose()
    {
        _monitor.Dispose();
        _db.Dispose();
        _dir.Dispose();
    }
}
