using Hiy.Store;
using System.Collections.Concurrent;
using Hiy.Builds;

namespace Hiy.Tests.Builds;

public class BuildQueueTests
{
    /// <summary>Work whose every build waits for the test to finish it: no sleeps, no timing guesses.</summary>
    private sealed class Harness : IAsyncDisposable
    {
        private readonly ConcurrentDictionary<long, TaskCompletionSource<BuildOutcome>> _gates = new();
        private readonly ConcurrentDictionary<(long, DeployStatus), TaskCompletionSource> _reached = new();
        private readonly Lock _lock = new();

        public Harness()
        {
            Queue = new BuildQueue(WorkAsync, OnStatus, new ManualTimeProvider());
            Queue.Start();
        }

        public BuildQueue Queue { get; }
        public List<(long Id, DeployStatus Status, string? Detail)> Changes { get; } = [];
        public List<long> Started { get; } = [];
        public ConcurrentDictionary<long, CancellationToken> Tokens { get; } = new();

        public void Enqueue(long id, string app) => Queue.Enqueue(new BuildRequest(id, app, null, DeployTrigger.Manual));

        public void Finish(long id, BuildOutcome outcome) => Gate(id).TrySetResult(outcome);

        public void Crash(long id, Exception e) => Gate(id).TrySetException(e);

        public Task Reached(long id, DeployStatus status) =>
            Signal(id, status).Task.WaitAsync(TimeSpan.FromSeconds(10));

        public DeployStatus[] StatusesOf(long id)
        {
            lock (_lock) return Changes.Where(c => c.Id == id).Select(c => c.Status).ToArray();
        }

        private TaskCompletionSource<BuildOutcome> Gate(long id) =>
            _gates.GetOrAdd(id, _ => new TaskCompletionSource<BuildOutcome>(TaskCreationOptions.RunContinuationsAsynchronously));

        private TaskCompletionSource Signal(long id, DeployStatus status) =>
            _reached.GetOrAdd((id, status), _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));

        private async Task<BuildOutcome> WorkAsync(BuildJob job, CancellationToken ct)
        {
            lock (_lock) Started.Add(job.Request.DeployId);
            Tokens[job.Request.DeployId] = ct;
            job.ReportDeploying();
            return await Gate(job.Request.DeployId).Task.WaitAsync(ct);
        }

        private void OnStatus(BuildStatusChange change)
        {
            lock (_lock) Changes.Add((change.Request.DeployId, change.Status, change.Detail));
            Signal(change.Request.DeployId, change.Status).TrySetResult();
        }

        public ValueTask DisposeAsync() => Queue.DisposeAsync();
    }

    [Fact]
    public async Task Enqueue_Several_RunOneAtATimeInOrder()
    {
        await using var h = new Harness();
        h.Enqueue(1, "a");
        h.Enqueue(2, "b");
        h.Enqueue(3, "c");
        await h.Reached(1, DeployStatus.Deploying);
        Assert.Equal([1L], h.Started);
        Assert.Equal([2L, 3L], h.Queue.Waiting.Select(r => r.DeployId));
        h.Finish(1, BuildOutcome.Success);
        await h.Reached(2, DeployStatus.Deploying);
        Assert.Equal([1L, 2L], h.Started);
        h.Finish(2, BuildOutcome.Failure("health check failed"));
        await h.Reached(3, DeployStatus.Deploying);
        h.Finish(3, BuildOutcome.Success);
        await h.Reached(3, DeployStatus.Succeeded);

        Assert.Equal([1L, 2L, 3L], h.Started);
        Assert.Equal([DeployStatus.Queued, DeployStatus.Building, DeployStatus.Deploying, DeployStatus.Succeeded], h.StatusesOf(1));
        Assert.Equal([DeployStatus.Queued, DeployStatus.Building, DeployStatus.Deploying, DeployStatus.Failed], h.StatusesOf(2));
        Assert.Contains(h.Changes, c => c.Id == 2 && c.Detail == "health check failed");
    }

    [Fact]
    public async Task Enqueue_SameAppWhileWaiting_ReplacesWaitingOneInPlace()
    {
        await using var h = new Harness();
        h.Enqueue(1, "a");
        await h.Reached(1, DeployStatus.Deploying);
        h.Enqueue(2, "b");
        h.Enqueue(3, "c");
        var result = h.Queue.Enqueue(new BuildRequest(4, "b", "abc", DeployTrigger.Webhook));

        Assert.Equal(2L, result.ReplacedDeployId);
        Assert.Equal(0, result.Position);
        Assert.Equal([4L, 3L], h.Queue.Waiting.Select(r => r.DeployId));
        Assert.Equal([DeployStatus.Queued, DeployStatus.Canceled], h.StatusesOf(2));
        Assert.Contains(h.Changes, c => c.Id == 2 && c.Detail == "replaced by deploy 4");

        h.Finish(1, BuildOutcome.Success);
        h.Finish(4, BuildOutcome.Success);
        h.Finish(3, BuildOutcome.Success);
        await h.Reached(3, DeployStatus.Succeeded);
        Assert.Equal([1L, 4L, 3L], h.Started);
    }

    [Fact]
    public async Task Enqueue_SameAppWhileRunning_QueuesBehind()
    {
        await using var h = new Harness();
        h.Enqueue(1, "a");
        await h.Reached(1, DeployStatus.Deploying);
        var result = h.Queue.Enqueue(new BuildRequest(2, "a", null, DeployTrigger.Git));
        Assert.Null(result.ReplacedDeployId);
        h.Finish(1, BuildOutcome.Success);
        h.Finish(2, BuildOutcome.Success);
        await h.Reached(2, DeployStatus.Succeeded);
        Assert.Equal([1L, 2L], h.Started);
    }

    [Fact]
    public async Task Cancel_Waiting_RemovedAndCanceled()
    {
        await using var h = new Harness();
        h.Enqueue(1, "a");
        await h.Reached(1, DeployStatus.Deploying);
        h.Enqueue(2, "b");
        h.Enqueue(3, "c");
        Assert.True(h.Queue.Cancel(2));
        Assert.Equal([DeployStatus.Queued, DeployStatus.Canceled], h.StatusesOf(2));
        h.Finish(1, BuildOutcome.Success);
        h.Finish(3, BuildOutcome.Success);
        await h.Reached(3, DeployStatus.Succeeded);
        Assert.Equal([1L, 3L], h.Started);
    }

    [Fact]
    public async Task Cancel_Running_TokenFiresAndEndsCanceled()
    {
        await using var h = new Harness();
        h.Enqueue(1, "a");
        h.Enqueue(2, "b");
        await h.Reached(1, DeployStatus.Deploying);
        Assert.True(h.Queue.Cancel(1));
        await h.Reached(1, DeployStatus.Canceled);
        Assert.True(h.Tokens[1].IsCancellationRequested);
        await h.Reached(2, DeployStatus.Deploying);
        h.Finish(2, BuildOutcome.Success);
        await h.Reached(2, DeployStatus.Succeeded);
    }

    [Fact]
    public async Task Cancel_Unknown_False()
    {
        await using var h = new Harness();
        Assert.False(h.Queue.Cancel(42));
    }

    [Fact]
    public async Task Work_Throws_FailedWithMessageAndQueueGoesOn()
    {
        await using var h = new Harness();
        h.Enqueue(1, "a");
        h.Enqueue(2, "b");
        await h.Reached(1, DeployStatus.Deploying);
        h.Crash(1, new BuildException("a", "docker build: no space left"));
        await h.Reached(1, DeployStatus.Failed);
        Assert.Contains(h.Changes, c => c.Id == 1 && c.Detail == "app 'a': docker build: no space left");
        await h.Reached(2, DeployStatus.Deploying);
    }

    [Fact]
    public async Task DisposeAsync_Pending_AllCanceled()
    {
        var h = new Harness();
        h.Enqueue(1, "a");
        h.Enqueue(2, "b");
        await h.Reached(1, DeployStatus.Deploying);
        await h.DisposeAsync();
        Assert.Equal(DeployStatus.Canceled, h.StatusesOf(1)[^1]);
        Assert.Equal(DeployStatus.Canceled, h.StatusesOf(2)[^1]);
    }

    [Fact]
    public async Task OnStatus_Throws_QueueKeepsRunning()
    {
        var calls = 0;
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var queue = new BuildQueue((_, _) => Task.FromResult(BuildOutcome.Success), change =>
        {
            Interlocked.Increment(ref calls);
            if (change.Status == DeployStatus.Succeeded && change.Request.DeployId == 2) done.TrySetResult();
            if (change.Request.DeployId == 1) throw new InvalidOperationException("db locked");
        });
        queue.Start();
        queue.Enqueue(new BuildRequest(1, "a", null, DeployTrigger.Manual));
        queue.Enqueue(new BuildRequest(2, "b", null, DeployTrigger.Manual));
        await done.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(6, calls);
    }
}
