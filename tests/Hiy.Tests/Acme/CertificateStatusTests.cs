using Hiy.Acme;

namespace Hiy.Tests.Acme;

public class CertificateStatusTests
{
    private static readonly DateTimeOffset Issued = new(2026, 11, 1, 10, 0, 0, TimeSpan.Zero);

    private static CertificateStatus Status(int failures, DateTimeOffset? notAfter, string? error = null, DateTimeOffset? failedAt = null) =>
        new("*.example.com", ["*.example.com", "example.com"], failures > 0 ? "failed" : "valid", RenewalStatus.Valid, null,
            notAfter is null ? null : Issued, notAfter, null, failures, error, failedAt);

    [Fact]
    public void LastRenewal_Issued_SucceededAtNotBefore() =>
        Assert.Equal((Issued, "succeeded"), Status(0, Issued.AddDays(90)).LastRenewal());

    [Fact]
    public void LastRenewal_FailedSinceIssue_FailedAtItsTimeWithTheError()
    {
        var failedAt = Issued.AddDays(60);
        Assert.Equal((failedAt, "failed: order 7: rateLimited"), Status(2, Issued.AddDays(90), "order 7: rateLimited", failedAt).LastRenewal());
    }

    [Fact]
    public void LastRenewal_NeverIssued_Pending() => Assert.Equal((null, "pending"), Status(0, null).LastRenewal());
}
