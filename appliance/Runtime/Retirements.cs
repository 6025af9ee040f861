using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Hiy.Runtime;

/// <summary>
/// The one owner of retiring old containers after a swap (DESIGN.md rule 6): each retirement is a tracked job
/// that waits the grace on the <see cref="TimeProvider"/>, then stops and removes the container. Nothing is
/// fire-and-forget: at shutdown the jobs still waiting stop waiting and are awaited; whatever a crash (kill -9)
/// leaves behind is a container of a non-current deploy, which start-up recovery retires.
/// </summary>
public sealed class Retirements(AppRuntime runtime, TimeProvider time, ILogger<Retirements> log) : IHostedService
{
    /// <summary>How long an old container keeps serving requests already on it after the route moved.</summary>
    public static readonly TimeSpan DefaultGrace = TimeSpan.FromSeconds(5);

    /// <summary>The stop signal's grace: the app's own SIGTERM handling, before Docker kills it.</summary>
    public static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(10);

    /// <summary>At shutdown hiy cannot wait an app's full stop grace (the host allows 10 s for everything).</summary>
    public static readonly TimeSpan ShutdownStopGrace = TimeSpan.FromSeconds(2);

    private readonly Dictionary<string, Job> _jobs = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();
    private readonly CancellationTokenSource _draining = new();

    private sealed record Job(string App, long DeployId, Task Task);

    public TimeSpan Grace { get; init; } = DefaultGrace;

    /// <summary>Containers (by name) whose retirement has not finished yet.</summary>
    public IReadOnlyCollection<string> Pending { get { lock (_lock) return [.. _jobs.Keys]; } }

    /// <summary>Retires the container of <paramref name="deployId"/> after the grace; a second call for the same one joins the first.</summary>
    public Task RetireAsync(string app, long deployId)
    {
        var name = AppContainerSpec.ContainerName(app, deployId);
        lock (_lock)
        {
            if (_jobs.TryGetValue(name, out var existing))
                return existing.Task;
            var job = new Job(app, deployId, RunAsync(name, app, deployId));
            _jobs[name] = job;
            return job.Task;
        }
    }

    private async Task RunAsync(string name, string app, long deployId)
    {
        await Task.Yield(); // the job is in the table before any of it runs
        try
        {
            try
            {
                await Task.Delay(Grace, time, _draining.Token);
            }
            catch (OperationCanceledException)
            {
                // shutting down: retire now rather than leave the container for the next start
            }
            var grace = _draining.IsCancellationRequested ? ShutdownStopGrace : StopGrace;
            await runtime.StopAsync(name, grace, CancellationToken.None);
            await runtime.RemoveQuietlyAsync(name, CancellationToken.None);
            RuntimeLog.Retired(log, app, deployId);
        }
        catch (Exception e) when (e is Hiy.Docker.DockerApiException or RuntimeException or OperationCanceledException)
        {
            // Left running: start-up recovery retires every container of a non-current deploy.
            RuntimeLog.RetireFailed(log, app, deployId, e.Message);
        }
        finally
        {
            lock (_lock)
                _jobs.Remove(name);
        }
    }

    /// <summary>Ends the graces at once and waits for every retirement (also those scheduled meanwhile).</summary>
    public async Task DrainAsync(CancellationToken ct)
    {
        await _draining.CancelAsync();
        while (true)
        {
            Task[] running;
            lock (_lock)
                running = [.. _jobs.Values.Select(j => j.Task)];
            if (running.Length == 0)
                return;
            await Task.WhenAll(running).WaitAsync(ct);
        }
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        try
        {
            await DrainAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            // the host's shutdown budget ran out: the next start retires what is left
        }
    }
}
