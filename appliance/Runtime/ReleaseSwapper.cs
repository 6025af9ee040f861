using Hiy.Store;
using Microsoft.Extensions.Logging;

namespace Hiy.Runtime;

/// <summary>
/// The swap order of a deploy (DESIGN.md rule 6): start the new container → health check → swap the
/// route → retire the old container after a grace period. A failed start or health check removes the
/// new container and never touches the live route or the old container.
/// </summary>
public sealed class ReleaseSwapper(AppRuntime runtime, HealthCheck health, RuntimeService state, LogCollectors collectors, ILogger<ReleaseSwapper> log)
{
    /// <summary>How much of a failed container's output the deploy log and the app's log get.</summary>
    public const int LastWordsLines = 20;

    /// <summary>How long the old container keeps serving in-flight requests after the route moved.</summary>
    public TimeSpan RetireGrace { get; init; } = TimeSpan.FromSeconds(5);

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
        }
        catch (RuntimeException) when (!ct.IsCancellationRequested)
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
        var swap = System.Diagnostics.Stopwatch.StartNew();
        await state.SwapAsync(app.Name, deployId, started.HostPort, ct);
        output($"-----> Routed {app.Name} to {started.Name} (127.0.0.1:{started.HostPort}); route swap took {swap.Elapsed.TotalMilliseconds:0.0} ms");
        // After a static deploy there is no old container to retire.
        if (previous is { } old && old != deployId && app.StaticVersion is null)
            _ = RetireAsync(app.Name, old);
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
        var swap = System.Diagnostics.Stopwatch.StartNew();
        await state.ActivateSiteAsync(app.Name, deployId, version, ct);
        output($"-----> Routed {app.Name} to static site version {version}; route swap took {swap.Elapsed.TotalMilliseconds:0.0} ms");
        if (previous is { } old && old != deployId && app.StaticVersion is null)
        {
            output($"       retiring {AppContainerSpec.ContainerName(app.Name, old)} in {RetireGrace.TotalSeconds:0} s");
            _ = RetireAsync(app.Name, old);
        }
    }

    private async Task RetireAsync(string app, long deployId)
    {
        try
        {
            await Task.Delay(RetireGrace);
            var name = AppContainerSpec.ContainerName(app, deployId);
            await runtime.StopAsync(name, TimeSpan.FromSeconds(10), CancellationToken.None);
            await runtime.RemoveQuietlyAsync(name, CancellationToken.None);
        }
        catch (Exception e) when (e is Hiy.Docker.DockerApiException or OperationCanceledException)
        {
            RuntimeLog.RetireFailed(log, app, deployId, e.Message);
        }
    }
}
