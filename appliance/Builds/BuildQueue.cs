using Hiy.Store;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Hiy.Builds;

/// <summary>
/// The one build queue (issue 4): a single worker runs builds strictly one at a time (a Pi must not
/// build two at once), first in first out across apps. A second request for an app that is already
/// waiting takes the waiting one's place in line, and the replaced one ends canceled. A waiting
/// request is canceled by removing it; a running one by firing its CancellationToken.
/// Status changes go to <c>onStatus</c> synchronously, in order, from the thread that caused them.
/// </summary>
public sealed class BuildQueue : IAsyncDisposable
{
    private readonly Func<BuildJob, CancellationToken, Task<BuildOutcome>> _work;
    private readonly Action<BuildStatusChange> _onStatus;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Lock _lock = new();
    private readonly List<BuildRequest> _waiting = [];
    private readonly SemaphoreSlim _signal = new(0);
    private readonly CancellationTokenSource _stopping = new();
    private (BuildRequest Request, CancellationTokenSource Cts)? _running;
    private Task? _worker;

    /// <param name="work">Builds and deploys; returns the outcome, throws for unexpected failures.</param>
    /// <param name="onStatus">Called for every status change; must not block for long.</param>
    public BuildQueue(Func<BuildJob, CancellationToken, Task<BuildOutcome>> work, Action<BuildStatusChange> onStatus,
        TimeProvider? time = null, ILogger<BuildQueue>? logger = null)
    {
        _work = work;
        _onStatus = onStatus;
        _time = time ?? TimeProvider.System;
        _logger = logger ?? NullLogger<BuildQueue>.Instance;
    }

    /// <summary>The running build's request, if any.</summary>
    public BuildRequest? Running { get { lock (_lock) return _running?.Request; } }

    /// <summary>The waiting requests in the order they will run.</summary>
    public IReadOnlyList<BuildRequest> Waiting { get { lock (_lock) return [.. _waiting]; } }

    /// <summary>Starts the worker; call once.</summary>
    public void Start()
    {
        lock (_lock)
        {
            if (_worker is not null)
                throw new InvalidOperationException("the build queue is already started");
            _worker = Task.Run(() => RunAsync(_stopping.Token));
        }
    }

    public EnqueueResult Enqueue(BuildRequest request)
    {
        BuildRequest? replaced = null;
        int position;
        List<BuildRequest> ahead;
        lock (_lock)
        {
            // Reported under the lock, so "queued" always precedes the worker's "building".
            var index = _waiting.FindIndex(r => r.App == request.App);
            if (index >= 0)
            {
                replaced = _waiting[index];
                _waiting[index] = request;
                position = index;
                Report(request, DeployStatus.Queued, null);
                BuildsLog.Coalesced(_logger, request.App, replaced.DeployId, request.DeployId);
                Report(replaced, DeployStatus.Canceled, $"replaced by deploy {request.DeployId}");
            }
            else
            {
                _waiting.Add(request);
                position = _waiting.Count - 1;
                Report(request, DeployStatus.Queued, null);
            }
            // Read under the same lock as the placement, so the count is exactly what runs first.
            ahead = _running is { } running ? [running.Request] : [];
            ahead.AddRange(_waiting.Take(position));
        }
        if (replaced is null)
            _signal.Release();
        return new EnqueueResult(position, replaced?.DeployId, ahead);
    }

    /// <summary>Cancels a waiting or running deploy; false when it is neither (unknown or finished).</summary>
    public bool Cancel(long deployId, string reason = "canceled")
    {
        BuildRequest removed;
        lock (_lock)
        {
            if (_running is { } r && r.Request.DeployId == deployId)
            {
                r.Cts.Cancel();
                return true;
            }
            var index = _waiting.FindIndex(w => w.DeployId == deployId);
            if (index < 0)
                return false;
            removed = _waiting[index];
            _waiting.RemoveAt(index);
            Report(removed, DeployStatus.Canceled, reason);
        }
        return true;
    }

    private async Task RunAsync(CancellationToken stopping)
    {
        while (true)
        {
            try
            {
                await _signal.WaitAsync(stopping).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            BuildRequest request;
            CancellationTokenSource cts;
            lock (_lock)
            {
                // A signal may outlive its request (canceled while waiting): then there is nothing to do.
                if (_waiting.Count == 0)
                    continue;
                request = _waiting[0];
                _waiting.RemoveAt(0);
                cts = CancellationTokenSource.CreateLinkedTokenSource(stopping);
                _running = (request, cts);
            }
            await RunOneAsync(request, cts).ConfigureAwait(false);
            lock (_lock)
                _running = null;
            cts.Dispose();
        }
    }

    private async Task RunOneAsync(BuildRequest request, CancellationTokenSource cts)
    {
        Report(request, DeployStatus.Building, null);
        var job = new BuildJob(request, (j, status, detail) => Report(j.Request, status, detail));
        DeployStatus final;
        string? detail;
        try
        {
            var outcome = await _work(job, cts.Token).ConfigureAwait(false);
            // A success is final even when a cancel (or hiy's stop) came in after it: the work reports success only
            // once the new version is live, and "canceled" would contradict what serves.
            (final, detail) = outcome.Succeeded ? (DeployStatus.Succeeded, outcome.Detail)
                : cts.IsCancellationRequested ? (DeployStatus.Canceled, "canceled") : (DeployStatus.Failed, outcome.Detail);
        }
        catch (OperationCanceledException) when (cts.IsCancellationRequested)
        {
            (final, detail) = (DeployStatus.Canceled, _stopping.IsCancellationRequested ? "hiy is shutting down" : "canceled");
        }
        catch (Exception e)
        {
            BuildsLog.BuildCrashed(_logger, e, request.App, request.DeployId);
            (final, detail) = (DeployStatus.Failed, e.Message);
        }
        Report(request, final, detail);
    }

    private void Report(BuildRequest request, DeployStatus status, string? detail)
    {
        try
        {
            _onStatus(new BuildStatusChange(request, status, _time.GetUtcNow(), detail));
        }
        catch (Exception e)
        {
            // A failing listener (e.g. a locked database) must not stop the queue.
            BuildsLog.StatusListenerFailed(_logger, e, request.App, request.DeployId, status.ToText());
        }
    }

    /// <summary>Stops the worker: the running build's token fires; waiting requests end canceled.</summary>
    public async ValueTask DisposeAsync()
    {
        List<BuildRequest> left;
        lock (_lock)
        {
            left = [.. _waiting];
            _waiting.Clear();
        }
        await _stopping.CancelAsync().ConfigureAwait(false);
        foreach (var r in left)
            Report(r, DeployStatus.Canceled, "hiy is shutting down");
        if (_worker is not null)
            await _worker.ConfigureAwait(false);
        _stopping.Dispose();
        _signal.Dispose();
    }
}
