using Hiy.Store;

namespace Hiy.Runtime;

/// <summary>
/// The swap order of a deploy (DESIGN.md rule 6): start the new container → health check → swap the
/// route → retire the old container after a grace period. A failed start or health check removes the
/// new container and never touches the live route or the old container.
/// </summary>
/// <param name="collectors">Where a failed container's last lines are kept before it is removed (none in unit tests of the order).</param>
public sealed class ReleaseSwapper(AppRuntime runtime, HealthCheck health, IRouteSwap state, Retirements retirements, TimeProvider time,
    LogCollectors? collectors = null)
{
    /// <summary>How much of a failed container's output the deploy log and the app's log get.</summary>
    public const int LastWordsLines = 20;

    public TimeSpan HealthTimeout { get; init; } = HealthCheck.DefaultTimeout;

    public async Task<RunningContainer> ReleaseAsync(AppRecord app, long deployId, string image, IReadOnlyDictionary<string, string> env,
        Action<string> output, CancellationToken ct)
    {
        var previous = app.CurrentDeployId;
        var name = AppContainerSpec.ContainerName(app.Name, deployId);
        output($"-----> Starting {name} ({app.MemoryMb} MB, {app.Cpus} CPU)");
        RunningContainer started;
        try
        {
            started = await runtime.StartAsync(app, deployId, image, env, ct);
            output("-----> Health check");
            await health.WaitAsync(started, app.Port, app.HealthPath, HealthTimeout, output, ct);
            ct.ThrowIfCancellationRequested(); // canceled before the swap: the old version stays
        }
        catch (RuntimeException) when (!ct.IsCancellationRequested && collectors is not null)
        {
            // The container is removed next, and with it the only copy of why it failed: its last lines go
            // to the deploy log (the push output) and the app's log first.
            var lastWords = await collectors.CaptureLastAsync(app, name, deployId, LastWordsLines,
                $"{name} failed its start or health check and is removed", CancellationToken.None);
            foreach (var line in lastWords)
                output("       " + line);
            await runtime.RemoveQuietlyAsync(name, CancellationToken.None);
            throw;
        }
        catch
        {
            await runtime.RemoveQuietlyAsync(name, CancellationToken.None);
            throw;
        }
        // The swap: one store write and one route-table exchange; requests already on the old
        // container finish there, new ones go to the new container.
        // Not cancelable: past the health check the swap is short, and a deploy stopped half-way through it would
        // leave the record and the route disagreeing; a shutdown waits for it.
        var swap = time.GetTimestamp();
        await state.SwapAsync(app.Name, deployId, started.HostPort, CancellationToken.None);
        output($"-----> Routed {app.Name} to {started.Name} (127.0.0.1:{started.HostPort}); route swap took {time.GetElapsedTime(swap).TotalMilliseconds:0.0} ms");
        // After a static deploy there is no old container to retire.
        if (previous is { } old && old != deployId && app.StaticVersion is null)
        {
            output($"       retiring {AppContainerSpec.ContainerName(app.Name, old)} in {retirements.Grace.TotalSeconds:0} s");
            _ = retirements.RetireAsync(app.Name, old); // tracked: awaited at shutdown, failures logged there
        }
        return started;
    }

    /// <summary>
    /// The swap of a static deploy: the site version goes live on the app's host in one step (no container,
    /// no health check: the files are already on disk); a container the app ran before is retired after the
    /// same grace period.
    /// </summary>
    public async Task ActivateSiteAsync(AppRecord app, long deployId, string version, Action<string> output, CancellationToken ct)
    {
        var previous = app.CurrentDeployId;
        ct.ThrowIfCancellationRequested(); // canceled before the swap: the old version stays
        var swap = time.GetTimestamp();
        await state.ActivateSiteAsync(app.Name, deployId, version, CancellationToken.None); // not cancelable, as in ReleaseAsync
        output($"-----> Routed {app.Name} to static site version {version}; route swap took {time.GetElapsedTime(swap).TotalMilliseconds:0.0} ms");
        if (previous is { } old && old != deployId && app.StaticVersion is null)
        {
            output($"       retiring {AppContainerSpec.ContainerName(app.Name, old)} in {retirements.Grace.TotalSeconds:0} s");
            _ = retirements.RetireAsync(app.Name, old); // tracked: awaited at shutdown, failures logged there
        }
    }
}
