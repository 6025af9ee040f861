using System.Net;
using Hiy.Runtime;
using Hiy.Store;
using Hiy.Tests.Docker;
using Microsoft.Extensions.Logging.Abstractions;

namespace Hiy.Tests.Runtime;

/// <summary>
/// The swap order (DESIGN.md rule 6) against a fake engine and a hand-moved clock: start → health check →
/// swap → retire the old container only after the grace; a failed check never swaps.
/// </summary>
public class ReleaseSwapperTests
{
    private static readonly TimeSpan Grace = TimeSpan.FromSeconds(5);
    private static readonly IReadOnlyDictionary<string, string> NoEnv = new Dictionary<string, string>();

    private readonly Journal _journal = new();
    private readonly FakeContainerEngine _engine;
    private readonly ManualTimeProvider _clock = new() { ManualTimers = true };
    private readonly FakeRouteSwap _routes;
    private readonly Retirements _retirements;
    private readonly ReleaseSwapper _swapper;
    private Func<int, HttpStatusCode> _health = _ => HttpStatusCode.OK;
    private int _probes;

    public ReleaseSwapperTests()
    {
        _engine = new FakeContainerEngine(_journal);
        _routes = new FakeRouteSwap(_journal);
        var runtime = new AppRuntime(_engine, _clock);
        var handler = new LambdaHandler((_, _) =>
        {
            var code = _health(Interlocked.Increment(ref _probes));
            _journal.Add($"probe {(int)code}");
            return Task.FromResult(new HttpResponseMessage(code));
        });
        _retirements = new Retirements(runtime, _clock, NullLogger<Retirements>.Instance) { Grace = Grace };
        _swapper = new ReleaseSwapper(runtime, new HealthCheck(_engine, _clock, handler), _routes, _retirements, _clock)
        {
            HealthTimeout = TimeSpan.FromSeconds(2),
        };
    }

    private static AppRecord Blog(long? current) => new() { Id = 1, Name = "blog", Status = AppStatus.Running, CurrentDeployId = current };

    private Task<RunningContainer> ReleaseAsync(long current, long next) =>
        _swapper.ReleaseAsync(Blog(current), next, "hiy/blog:x", NoEnv, _ => { }, CancellationToken.None);

    /// <summary>Waits (real time) until code under test has armed a timer on the manual clock.</summary>
    private async Task TimerArmedAsync(int count = 1)
    {
        for (var i = 0; i < 1000 && _clock.PendingTimers < count; i++)
            await Task.Delay(5);
        Assert.True(_clock.PendingTimers >= count, $"expected {count} pending timers, found {_clock.PendingTimers}");
    }

    /// <summary>Waits (real time) until the retirement of <paramref name="name"/> has run to its end.</summary>
    private async Task RetiredAsync(string name)
    {
        for (var i = 0; i < 1000 && (_engine.Names.Contains(name) || _retirements.Pending.Contains(name)); i++)
            await Task.Delay(5);
        Assert.DoesNotContain(name, _engine.Names);
        Assert.DoesNotContain(name, _retirements.Pending);
    }

    /// <summary>Moves the clock in steps while <paramref name="task"/> waits on it, until it ends.</summary>
    private async Task DriveAsync(Task task, TimeSpan step)
    {
        for (var i = 0; i < 2000 && !task.IsCompleted; i++)
        {
            if (_clock.PendingTimers > 0)
                _clock.Advance(step);
            else
                await Task.Delay(2);
        }
        Assert.True(task.IsCompleted, "the task did not end while the clock moved");
    }

    private void AssertBefore(string first, string then)
    {
        var a = _journal.IndexOf(first);
        var b = _journal.IndexOf(then);
        Assert.True(a >= 0 && b >= 0 && a < b, $"expected '{first}' before '{then}' in: {string.Join(", ", _journal.Entries)}");
    }

    [Fact]
    public async Task ReleaseAsync_HealthyNewContainer_StartsChecksSwapsAndRetiresOldOnlyAfterGrace()
    {
        _engine.Add("blog", 1);

        var started = await ReleaseAsync(1, 2);

        Assert.Equal("hiy-blog-2", started.Name);
        AssertBefore("create hiy-blog-2", "start hiy-blog-2");
        AssertBefore("start hiy-blog-2", "probe 200");
        AssertBefore("probe 200", "swap blog 2");
        Assert.Equal((2L, (int?)_engine.PortOf("hiy-blog-2")), _routes.RouteOf("blog"));
        Assert.Equal(["hiy-blog-1"], _retirements.Pending);

        await TimerArmedAsync();
        _clock.Advance(Grace - TimeSpan.FromMilliseconds(1));
        Assert.True(_engine.IsRunning("hiy-blog-1"), "the old container must keep serving through the grace");
        Assert.DoesNotContain("stop hiy-blog-1", _journal.Entries);

        _clock.Advance(TimeSpan.FromMilliseconds(1));
        await RetiredAsync("hiy-blog-1");
        AssertBefore("swap blog 2", "stop hiy-blog-1");
        AssertBefore("stop hiy-blog-1", "remove hiy-blog-1");
        Assert.Equal(["hiy-blog-2"], _engine.Names);
        Assert.Empty(_retirements.Pending);
    }

    [Fact]
    public async Task ReleaseAsync_HealthyOnlyOnThirdProbe_SwapsAfterTheThirdProbeOnly()
    {
        _engine.Add("blog", 1);
        _health = n => n < 3 ? HttpStatusCode.ServiceUnavailable : HttpStatusCode.OK;

        var release = ReleaseAsync(1, 2);
        await DriveAsync(release, TimeSpan.FromMilliseconds(200));
        await release;

        Assert.Equal(["create hiy-blog-2", "start hiy-blog-2", "probe 503", "probe 503", "probe 200", "swap blog 2"], _journal.Entries);
    }

    [Fact]
    public async Task ReleaseAsync_HealthCheckNeverPasses_LiveRouteUntouchedAndNewContainerRemoved()
    {
        _engine.Add("blog", 1);
        await _routes.SwapAsync("blog", 1, _engine.PortOf("hiy-blog-1"), CancellationToken.None);
        _health = _ => HttpStatusCode.ServiceUnavailable;

        var release = ReleaseAsync(1, 2);
        await DriveAsync(release, TimeSpan.FromMilliseconds(200));

        var e = await Assert.ThrowsAsync<RuntimeException>(() => release);
        Assert.Contains("health check failed after 2 s (GET / on container port", e.Message);
        Assert.Contains("): HTTP 503", e.Message);
        Assert.Equal((1L, (int?)_engine.PortOf("hiy-blog-1")), _routes.RouteOf("blog"));
        Assert.DoesNotContain("swap blog 2", _journal.Entries);
        AssertBefore("probe 503", "remove hiy-blog-2");
        Assert.Equal(["hiy-blog-1"], _engine.Names);
        Assert.True(_engine.IsRunning("hiy-blog-1"));
        Assert.Empty(_retirements.Pending);
    }

    [Fact]
    public async Task ReleaseAsync_CanceledAsTheHealthCheckPasses_NoSwapAndNewContainerRemoved()
    {
        _engine.Add("blog", 1);
        using var cts = new CancellationTokenSource();
        _health = _ =>
        {
            cts.Cancel(); // the deploy is canceled (or hiy stops) right as the new container turns healthy
            return HttpStatusCode.OK;
        };

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => _swapper.ReleaseAsync(Blog(1), 2, "hiy/blog:x", NoEnv, _ => { }, cts.Token));

        Assert.DoesNotContain(_journal.Entries, x => x.StartsWith("swap", StringComparison.Ordinal));
        Assert.Null(_routes.RouteOf("blog"));
        Assert.Equal(["hiy-blog-1"], _engine.Names);
        Assert.Empty(_retirements.Pending);
    }

    [Fact]
    public async Task ReleaseAsync_NewContainerExitsDuringCheck_FailsWithExitCodeWithoutSwap()
    {
        _engine.Add("blog", 1);
        _engine.ExitsOnStart = "hiy-blog-2";

        var e = await Assert.ThrowsAsync<RuntimeException>(() => ReleaseAsync(1, 2));

        Assert.Contains("exited with code 3", e.Message);
        Assert.DoesNotContain(_journal.Entries, x => x.StartsWith("swap", StringComparison.Ordinal) || x.StartsWith("probe", StringComparison.Ordinal));
        Assert.Contains("remove hiy-blog-2", _journal.Entries);
        Assert.Equal(["hiy-blog-1"], _engine.Names);
    }

    [Fact]
    public async Task ReleaseAsync_AnotherDeploySwapsInDuringGrace_EachOldContainerRetiredAfterItsOwnGrace()
    {
        _engine.Add("blog", 1);
        await ReleaseAsync(1, 2);
        await TimerArmedAsync();
        _clock.Advance(TimeSpan.FromSeconds(3));

        await ReleaseAsync(2, 3); // deploy 3 swaps in while deploy 1 is still inside its grace
        await TimerArmedAsync(2);
        Assert.Equal((3L, (int?)_engine.PortOf("hiy-blog-3")), _routes.RouteOf("blog"));
        Assert.True(_engine.IsRunning("hiy-blog-1") && _engine.IsRunning("hiy-blog-2"));

        _clock.Advance(TimeSpan.FromSeconds(2)); // 5 s after the first swap
        await RetiredAsync("hiy-blog-1");
        Assert.Equal(["hiy-blog-2", "hiy-blog-3"], _engine.Names);
        Assert.True(_engine.IsRunning("hiy-blog-2"), "deploy 2 is still inside its own grace");

        _clock.Advance(TimeSpan.FromSeconds(3)); // 5 s after the second swap
        await RetiredAsync("hiy-blog-2");
        Assert.Equal(["hiy-blog-3"], _engine.Names);
        AssertBefore("swap blog 3", "stop hiy-blog-1");
    }

    [Fact]
    public async Task StopAsync_RetirementInsideGrace_RetiredAtOnceAndAwaited()
    {
        _engine.Add("blog", 1);
        await ReleaseAsync(1, 2);
        await TimerArmedAsync();

        await _retirements.StopAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(["hiy-blog-2"], _engine.Names);
        Assert.Empty(_retirements.Pending);
    }

    [Fact]
    public async Task ActivateSiteAsync_AppHadAContainer_SiteRoutedThenContainerRetiredAfterGrace()
    {
        _engine.Add("blog", 1);

        await _swapper.ActivateSiteAsync(Blog(1), 2, "v2", _ => { }, CancellationToken.None);

        Assert.Equal((2L, (int?)null), _routes.RouteOf("blog"));
        await TimerArmedAsync();
        Assert.True(_engine.IsRunning("hiy-blog-1"));
        _clock.Advance(Grace);
        await RetiredAsync("hiy-blog-1");
        AssertBefore("site blog 2", "stop hiy-blog-1");
        Assert.Empty(_engine.Names);
    }
}
