using Hiy.Web.Auth;

namespace Hiy.Tests.Web.Auth;

public class AttemptThrottleTests
{
    [Theory]
    [InlineData(1, 0)]
    [InlineData(5, 0)]
    [InlineData(6, 1)]
    [InlineData(7, 2)]
    [InlineData(10, 16)]
    [InlineData(40, 900)]
    public void Delay_GrowsExponentiallyAfterFreeAttempts(int failures, int seconds) =>
        Assert.Equal(TimeSpan.FromSeconds(seconds), AttemptThrottle.Delay(failures));

    [Fact]
    public void RetryAfter_AfterSixFailures_BlocksUntilDelayPasses()
    {
        var time = new ManualTimeProvider();
        var t = new AttemptThrottle(time);
        for (var i = 0; i < 6; i++)
            t.Failure("1.2.3.4");
        Assert.Equal(TimeSpan.FromSeconds(1), t.RetryAfter("1.2.3.4"));
        Assert.Equal(TimeSpan.Zero, t.RetryAfter("5.6.7.8"));
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(TimeSpan.Zero, t.RetryAfter("1.2.3.4"));
    }

    [Fact]
    public void Success_ClearsRecord()
    {
        var t = new AttemptThrottle(new ManualTimeProvider());
        for (var i = 0; i < 8; i++)
            t.Failure("c");
        t.Success("c");
        Assert.Equal(TimeSpan.Zero, t.RetryAfter("c"));
    }

    [Fact]
    public void TryAcquire_ParallelAttempts_NoMoreInFlightThanTheFreeOnes()
    {
        var t = new AttemptThrottle(new ManualTimeProvider());
        var slots = new System.Collections.Concurrent.ConcurrentBag<AttemptThrottle.Slot>();
        var refused = 0;
        Parallel.For(0, 60, _ =>
        {
            if (t.TryAcquire("c", out var wait) is { } slot)
                slots.Add(slot);
            else if (wait > TimeSpan.Zero)
                Interlocked.Increment(ref refused);
        });
        Assert.Equal(AttemptThrottle.FreeAttempts, slots.Count);
        Assert.Equal(60 - AttemptThrottle.FreeAttempts, refused);
    }

    [Fact]
    public void TryAcquire_PastTheFreeOnes_OneAtATimeThenTheDelay()
    {
        var time = new ManualTimeProvider();
        var t = new AttemptThrottle(time);
        for (var i = 0; i < AttemptThrottle.FreeAttempts; i++)
            t.TryAcquire("c", out _)!.Failure();
        var sixth = t.TryAcquire("c", out _);
        Assert.NotNull(sixth);
        Assert.Null(t.TryAcquire("c", out var busy)); // one in flight past the free ones
        Assert.True(busy > TimeSpan.Zero);
        sixth.Failure();
        Assert.Null(t.TryAcquire("c", out var wait));
        Assert.Equal(TimeSpan.FromSeconds(1), wait);
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.NotNull(t.TryAcquire("c", out _));
    }

    [Fact]
    public void Slot_DisposedWithoutVerdict_FreesItUncounted()
    {
        var t = new AttemptThrottle(new ManualTimeProvider());
        for (var i = 0; i < 20; i++)
            t.TryAcquire("c", out _)!.Dispose();
        Assert.NotNull(t.TryAcquire("c", out _));
        Assert.Equal(TimeSpan.Zero, t.RetryAfter("c"));
    }
}
