using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Hiy.Runtime;
using Hiy.Store;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Hiy.Builds;

/// <summary>
/// Deploys as the API, webhooks, git push and polling see them: a record per deploy, the one build
/// queue, live build logs for followers, and a result to await. The work itself is
/// <see cref="DeployPipeline"/>.
/// </summary>
public sealed class DeployService : IHostedService
{
    private readonly DeployRepository _deploys;
    private readonly RuntimeService _runtime;
    private readonly BuildQueue _queue;
    private readonly ConcurrentDictionary<long, Live> _live = new();
    private readonly ILogger<DeployService> _log;

    private sealed record Live(BuildLog Log, TaskCompletionSource<DeployRecord> Done);

    public DeployService(DeployRepository deploys, RuntimeService runtime, DeployPipeline pipeline, TimeProvider time, ILogger<DeployService> log,
        ILogger<BuildQueue> queueLog)
    {
        _deploys = deploys;
        _runtime = runtime;
        _log = log;
        _queue = new BuildQueue((job, ct) => pipeline.RunAsync(job, LogOf(job.Request.DeployId), ct), OnStatus, time, queueLog);
        Time = time;
    }

    public TimeProvider Time { get; }

    /// <summary>
    /// Records and queues a deploy. With <paramref name="image"/> (rollback, env change, uploaded image) or
    /// <paramref name="siteVersion"/> (rollback of a static site) the build is skipped.
    /// </summary>
    public DeployRecord Enqueue(AppRecord app, DeployTrigger triggeredBy, string? gitRef = null, string? sha = null, string? image = null,
        string? siteVersion = null)
    {
        var record = _deploys.Create(app, triggeredBy, gitRef ?? sha, sha, image, siteVersion);
        _live[record.Id] = new Live(new BuildLog(null, Time), new TaskCompletionSource<DeployRecord>(TaskCreationOptions.RunContinuationsAsynchronously));
        var result = _queue.Enqueue(new BuildRequest(record.Id, app.Name, sha ?? gitRef, triggeredBy));
        if (result.ReplacedDeployId is { } replaced)
            BuildsLog.Coalesced(_log, app.Name, replaced, record.Id);
        return record;
    }

    public bool Cancel(long deployId) => _queue.Cancel(deployId, "canceled by request");

    /// <summary>The build log so far, then new lines until the deploy ends; a finished deploy's stored log.</summary>
    public async IAsyncEnumerable<string> FollowAsync(long deployId, [EnumeratorCancellation] CancellationToken ct = default)
    {
        if (_live.TryGetValue(deployId, out var live))
        {
            await foreach (var line in live.Log.FollowAsync(0, ct))
                yield return line;
            yield break;
        }
        foreach (var line in _deploys.Log(deployId).Split('\n', StringSplitOptions.RemoveEmptyEntries))
            yield return line;
    }

    /// <summary>The live log's text while the deploy runs (null once it is stored).</summary>
    public string? LiveLog(long deployId) => _live.TryGetValue(deployId, out var live) ? live.Log.Text : null;

    /// <summary>Completes when the deploy ends, with its final record.</summary>
    public Task<DeployRecord> WaitAsync(long deployId, CancellationToken ct)
    {
        if (_live.TryGetValue(deployId, out var live))
            return live.Done.Task.WaitAsync(ct);
        var deploy = _deploys.FindById(deployId);
        return deploy is { IsFinished: true } ? Task.FromResult(deploy) : Task.FromException<DeployRecord>(new InvalidOperationException($"deploy {deployId} is not running"));
    }

    private BuildLog LogOf(long deployId) =>
        _live.TryGetValue(deployId, out var live) ? live.Log : new BuildLog(null, Time);

    private void OnStatus(BuildStatusChange change)
    {
        var id = change.Request.DeployId;
        var status = change.Status;
        _deploys.SetStatus(id, status, status is DeployStatus.Failed or DeployStatus.Canceled ? change.Detail : null);
        if (status == DeployStatus.Building)
            _runtime.BuildStarted(change.Request.App, id);
        if (!status.IsFinal())
            return;
        _runtime.DeployEnded(change.Request.App, id, status);
        if (_live.TryRemove(id, out var live))
        {
            if (status == DeployStatus.Canceled && change.Detail is { } why)
                live.Log.Failure($"deploy canceled: {why}");
            live.Log.Complete();
            _deploys.SaveLog(id, live.Log.Text, StepTimingsJson(live.Log));
            live.Done.TrySetResult(_deploys.FindById(id)!);
        }
    }

    private static string StepTimingsJson(BuildLog log)
    {
        var steps = log.Steps.ToDictionary(s => s.Title, s => (long)s.Duration.TotalMilliseconds);
        steps["total"] = (long)log.Total.TotalMilliseconds;
        return System.Text.Json.JsonSerializer.Serialize(steps, BuildsJsonContext.Default.DictionaryStringInt64);
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _queue.Start();
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken) => await _queue.DisposeAsync();

}
