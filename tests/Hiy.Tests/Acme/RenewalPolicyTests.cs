using Hiy.Acme;

namespace Hiy.Tests.Acme;

public sealed class RenewalPolicyTests
{
    private static readonly DateTimeOffset Issued = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Expires = Issued.AddDays(90);

    [Theory]
    [InlineData(0, false)]
    [InlineData(59, false)] // 31 days left
    [InlineData(60, true)] // exactly a third (30 of 90 days) left
    [InlineData(89, true)]
    [InlineData(120, true)]
    public void IsDue_DaysAfterIssue_RenewsWithAThirdLeft(int days, bool due)
    {
        Assert.Equal(due, RenewalPolicy.IsDue(Issued, Expires, Issued.AddDays(days)));
    }

    [Fact]
    public void RenewAt_ShortLivedCertificate_ScalesWithLifetime()
    {
        // A 6-day certificate (Let's Encrypt short-lived profile) renews with 2 days left.
        Assert.Equal(Issued.AddDays(4), RenewalPolicy.RenewAt(Issued, Issued.AddDays(6)));
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(1, 1)]
    [InlineData(2, 10)]
    [InlineData(3, 60)]
    [InlineData(6, 720)]
    [InlineData(50, 720)] // the last step repeats
    public void Backoff_ConsecutiveFailures_FollowsSchedule(int failures, int minutes)
    {
        Assert.Equal(TimeSpan.FromMinutes(minutes), RenewalPolicy.Backoff(failures));
    }

    [Fact]
    public void NextAttempt_NoFailures_IsTheRenewalPoint()
    {
        Assert.Equal(Issued.AddDays(60), RenewalPolicy.NextAttempt(new RenewalState(Issued, Expires)));
    }

    [Fact]
    public void NextAttempt_AfterFailures_WaitsForBackoff()
    {
        var failedAt = Issued.AddDays(61);

        Assert.Equal(failedAt.AddHours(1), RenewalPolicy.NextAttempt(new RenewalState(Issued, Expires, 3, failedAt)));
    }

    [Fact]
    public void NextAttempt_NoCertificateNoFailures_IsNow()
    {
        Assert.Equal(DateTimeOffset.MinValue, RenewalPolicy.NextAttempt(new RenewalState(null, null)));
    }

    [Theory]
    [InlineData(10, 0, 0, RenewalStatus.Valid)]
    [InlineData(70, 0, 0, RenewalStatus.RenewalDue)]
    [InlineData(70, 2, 5, RenewalStatus.BackingOff)] // failed 5 min ago, waits 10
    [InlineData(70, 2, 15, RenewalStatus.RenewalDue)] // backoff over
    [InlineData(91, 1, 0, RenewalStatus.Expired)]
    public void Evaluate_States_GiveStatus(int day, int failures, int minutesSinceFailure, RenewalStatus expected)
    {
        var now = Issued.AddDays(day);
        var state = new RenewalState(Issued, Expires, failures, failures > 0 ? now.AddMinutes(-minutesSinceFailure) : null);

        Assert.Equal(expected, RenewalPolicy.Evaluate(state, now));
    }

    [Fact]
    public void Evaluate_NoCertificate_IsMissing()
    {
        Assert.Equal(RenewalStatus.Missing, RenewalPolicy.Evaluate(new RenewalState(null, null), Issued));
    }
}
