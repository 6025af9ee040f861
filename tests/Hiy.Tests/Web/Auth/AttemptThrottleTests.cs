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
}
