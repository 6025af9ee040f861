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

        /// <summary>Deploys whose work goes on past a cancel, as the pipeline does once it has swapped.</summary>
        public ConcurrentDictionary<long, bool> PastTheSwap { get; } = new();

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
            var gate = Gate(job.Request.DeployId).Task;
            return PastTheSwap.ContainsKey(job.Request.DeployId) ? await gate : await gate.WaitAsync(ct);
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
    public async Task Enqueue_BehindARunningAndAWaitingDeploy_SaysWhatIsAhead()
    {
        await using var h = new Harness();
        var first = h.Queue.Enqueue(new BuildRequest(12, "blog", null, DeployTrigger.Git));
        await h.Reached(12, DeployStatus.Deploying);
        var second = h.Queue.Enqueue(new BuildRequest(13, "shop", null, DeployTrigger.Git));
        var third = h.Queue.Enqueue(new BuildRequest(14, "wiki", null, DeployTrigger.Git));

        Assert.Null(first.WaitingLine());
        Assert.Equal("waiting: 1 deploy ahead (deploy 12 of blog)", second.WaitingLine());
        Assert.Equal("waiting: 2 deploys ahead (deploy 12 of blog, deploy 13 of shop)", third.WaitingLine());
        Assert.Equal([12L, 13L], third.Ahead!.Select(r => r.DeployId));
        h.Finish(12, BuildOutcome.Success);
        h.Finish(13, BuildOutcome.Success);
        h.Finish(14, BuildOutcome.Success);
        await h.Reached(14, DeployStatus.Succeeded);
    }

    [Fact]
    public async Task Enqueue_ReplacingAWaitingOne_CountsOnlyWhatIsAheadOfItsPlace()
    {
        await using var h = new Harness();
        h.Enqueue(1, "a");
        await h.Reached(1, DeployStatus.Deploying);
        h.Enqueue(2, "b");
        h.Enqueue(3, "c");
        var result = h.Queue.Enqueue(new BuildRequest(4, "b", null, DeployTrigger.Webhook));

        Assert.Equal("waiting: 1 deploy ahead (deploy 1 of a)", result.WaitingLine());
        h.Finish(1, BuildOutcome.Success);
        h.Finish(4, BuildOutcome.Success);
        h.Finish(3, BuildOutcome.Success);
        await h.Reached(3, DeployStatus.Succeeded);
    }

    [Fact]
    public void WaitingLine_ManyAhead_NamesThreeAndCountsTheRest()
    {
        var ahead = Enumerable.Range(1, 5).Select(i => new BuildRequest(i, $"app{i}", null, DeployTrigger.Git)).ToArray();

        Assert.Equal("waiting: 5 deploys ahead (deploy 1 of app1, deploy 2 of app2, deploy 3 of app3 and 2 more)",
            new EnqueueResult(4, null, ahead).WaitingLine());
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
    public async Task Cancel_AfterTheWorkIsPastTheSwap_SuccessStaysSucceeded()
    {
        await using var h = new Harness();
        h.PastTheSwap[1] = true;
        h.Enqueue(1, "a");
        await h.Reached(1, DeployStatus.Deploying);
        Assert.True(h.Queue.Cancel(1)); // a SIGTERM or a cancel request that came too late to stop the swap
        h.Finish(1, BuildOutcome.Success);
        await h.Reached(1, DeployStatus.Succeeded);
        Assert.DoesNotContain(DeployStatus.Canceled, h.StatusesOf(1));
    }

    [Fact]
    public async Task Cancel_WorkEndsInFailureAfterTheCancel_Canceled()
    {
        await using var h = new Harness();
        h.PastTheSwap[1] = true;
        h.Enqueue(1, "a");
        await h.Reached(1, DeployStatus.Deploying);
        Assert.True(h.Queue.Cancel(1));
        h.Finish(1, BuildOutcome.Failure("docker build: interrupted"));
        await h.Reached(1, DeployStatus.Canceled);
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
