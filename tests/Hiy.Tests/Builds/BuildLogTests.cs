using Hiy.Builds;
using Hiy.Core;

namespace Hiy.Tests.Builds;

public class BuildLogTests
{
    [Fact]
    public void Step_Lines_FormattedRedactedAndSplit()
    {
        var log = new BuildLog(new SecretRedactor(["s3cr3t-value"]));
        log.Step("Building image");
        log.Line("Step 1/2 : FROM x\nusing s3cr3t-value\n");
        log.Line("progress 10%\rprogress 100%");
        log.Failure("docker build failed");
        log.Complete();
        Assert.Equal("-----> Building image\nStep 1/2 : FROM x\nusing [redacted]\nprogress 100%\n !     docker build failed\n", log.Text);
    }

    [Fact]
    public void Steps_Durations_FromTimeProvider()
    {
        var time = new ManualTimeProvider();
        var log = new BuildLog(time: time);
        log.Step("Fetching");
        time.Advance(TimeSpan.FromSeconds(2));
        log.Step("Building");
        time.Advance(TimeSpan.FromSeconds(5));
        log.Complete();
        Assert.Equal([("Fetching", TimeSpan.FromSeconds(2)), ("Building", TimeSpan.FromSeconds(5))],
            log.Steps.Select(s => (s.Title, s.Duration)).ToArray());
        Assert.Equal(TimeSpan.FromSeconds(7), log.Total);
        time.Advance(TimeSpan.FromSeconds(9));
        Assert.Equal(TimeSpan.FromSeconds(7), log.Total);
    }

    [Fact]
    public void Line_PastCap_OneMarkerThenTailAtNextStep()
    {
        var log = new BuildLog(maxBytes: 100);
        log.Step("Build");
        for (var i = 0; i < 500; i++)
            log.Line($"line {i:D3} of output");
        log.Step("Deploy");
        log.Complete();
        var lines = log.Text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(log.Truncated);
        Assert.Single(lines, l => l == BuildLog.TruncatedMarker);
        var tailHeader = Array.FindIndex(lines, l => l.StartsWith("[", StringComparison.Ordinal) && l.Contains("lines left out", StringComparison.Ordinal));
        Assert.True(tailHeader > 0, log.Text);
        Assert.Equal($"[{500 - 4 - BuildLog.TailLines} lines left out; the last {BuildLog.TailLines} follow]", lines[tailHeader]);
        Assert.Equal("line 499 of output", lines[^2]);
        Assert.Equal("-----> Deploy", lines[^1]);
    }

    [Fact]
    public async Task FollowAsync_Running_YieldsBacklogThenNewLinesUntilComplete()
    {
        var log = new BuildLog();
        log.Line("one");
        var seen = new List<string>();
        var gotOne = new TaskCompletionSource();
        var follower = Task.Run(async () =>
        {
            await foreach (var line in log.FollowAsync())
            {
                seen.Add(line);
                if (line == "one") gotOne.TrySetResult();
            }
        });
        await gotOne.Task.WaitAsync(TimeSpan.FromSeconds(10));
        log.Line("two");
        log.Step("three");
        log.Complete();
        await follower.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(["one", "two", "-----> three"], seen);
    }

    [Fact]
    public async Task FollowAsync_FromLine_SkipsEarlierLines()
    {
        var log = new BuildLog();
        log.Line("a\nb\nc");
        log.Complete();
        var seen = new List<string>();
        await foreach (var line in log.FollowAsync(fromLine: 2))
            seen.Add(line);
        Assert.Equal(["c"], seen);
    }

    [Fact]
    public async Task FollowAsync_Canceled_Throws()
    {
        var log = new BuildLog();
        using var cts = new CancellationTokenSource();
        var follow = Task.Run(async () => { await foreach (var _ in log.FollowAsync(cancellationToken: cts.Token)) { } });
        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => follow);
    }

    [Fact]
    public void Complete_Twice_LaterWritesIgnored()
    {
        var log = new BuildLog();
        log.Line("x");
        log.Complete();
        log.Line("y");
        log.Complete();
        Assert.Equal("x\n", log.Text);
    }
}
