using Hiy.Acme;
using Hiy.Store;

namespace Hiy.Tests.Acme;

public class DomainRenewalPlanTests
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly HashSet<string> None = new(StringComparer.Ordinal);

    /// <summary>A 90-day certificate issued at <paramref name="notBefore"/> (renewal point: day 60).</summary>
    private static CertificateRecord Issued(string name, DateTimeOffset notBefore, int failures = 0, DateTimeOffset? failedAt = null,
        string kind = CertificateRepository.DomainKind) => new()
    {
        PrimaryName = name,
        Names = [name],
        CertificatePem = "pem",
        SealedKey = [1],
        NotBefore = notBefore,
        NotAfter = notBefore.AddDays(90),
        Status = failures > 0 ? "failed" : "valid",
        ConsecutiveFailures = failures,
        LastFailureAt = failedAt,
        Kind = kind,
    };

    private static CertificateRecord NeverIssued(string name, int failures, DateTimeOffset failedAt) => new()
    {
        PrimaryName = name, Names = [name], Status = "failed", ConsecutiveFailures = failures, LastFailureAt = failedAt,
        Kind = CertificateRepository.DomainKind,
    };

    [Fact]
    public void Decide_DomainWithoutCertificate_IsDueNow()
    {
        var plan = DomainRenewalPlan.Decide(["www.example.org"], [], None, T0);
        Assert.Equal(["www.example.org"], plan.Due);
        Assert.Empty(plan.Orphans);
        Assert.Null(plan.NextAt);
    }

    [Fact]
    public void Decide_FreshCertificate_NotDueAndNextAtTheRenewalPoint()
    {
        var plan = DomainRenewalPlan.Decide(["www.example.org"], [Issued("www.example.org", T0)], None, T0.AddDays(10));
        Assert.Empty(plan.Due);
        Assert.Equal(T0.AddDays(60), plan.NextAt);
    }

    [Fact]
    public void Decide_PastTheRenewalPoint_IsDue()
    {
        var plan = DomainRenewalPlan.Decide(["www.example.org"], [Issued("www.example.org", T0)], None, T0.AddDays(60));
        Assert.Equal(["www.example.org"], plan.Due);
    }

    [Fact]
    public void Decide_EachDomainOnItsOwnSchedule_OnlyTheDueOneAndTheEarliestNext()
    {
        var certs = new[] { Issued("a.example.org", T0), Issued("b.example.org", T0.AddDays(20)), Issued("c.example.org", T0.AddDays(5)) };
        var plan = DomainRenewalPlan.Decide(["a.example.org", "b.example.org", "c.example.org"], certs, None, T0.AddDays(61));
        Assert.Equal(["a.example.org"], plan.Due);
        Assert.Equal(T0.AddDays(65), plan.NextAt); // c's renewal point
    }

    [Fact]
    public void Decide_FailedRenewalWithinBackoff_WaitsForTheBackoff()
    {
        var failedAt = T0.AddDays(60);
        var cert = Issued("www.example.org", T0, failures: 2, failedAt: failedAt);
        var plan = DomainRenewalPlan.Decide(["www.example.org"], [cert], None, failedAt.AddMinutes(5));
        Assert.Empty(plan.Due);
        Assert.Equal(failedAt + RenewalPolicy.Backoff(2), plan.NextAt);

        var after = DomainRenewalPlan.Decide(["www.example.org"], [cert], None, failedAt + RenewalPolicy.Backoff(2));
        Assert.Equal(["www.example.org"], after.Due);
    }

    [Fact]
    public void Decide_FirstIssuanceFailed_RetriesAfterTheBackoffNotAtOnce()
    {
        var cert = NeverIssued("www.example.org", 1, T0);
        Assert.Empty(DomainRenewalPlan.Decide(["www.example.org"], [cert], None, T0.AddSeconds(30)).Due);
        Assert.Equal(["www.example.org"], DomainRenewalPlan.Decide(["www.example.org"], [cert], None, T0.AddMinutes(1)).Due);
    }

    [Fact]
    public void Decide_Forced_IsDueEvenWhenFreshOrBackingOff()
    {
        var certs = new[] { Issued("a.example.org", T0), Issued("b.example.org", T0, failures: 3, failedAt: T0) };
        var forced = new HashSet<string>(["a.example.org", "b.example.org"], StringComparer.Ordinal);
        var plan = DomainRenewalPlan.Decide(["a.example.org", "b.example.org"], certs, forced, T0.AddMinutes(1));
        Assert.Equal(["a.example.org", "b.example.org"], plan.Due);
    }

    [Fact]
    public void Decide_CertificateWhoseDomainWasRemoved_IsAnOrphan()
    {
        var certs = new[] { Issued("gone.example.org", T0), Issued("kept.example.org", T0) };
        var plan = DomainRenewalPlan.Decide(["kept.example.org"], certs, None, T0.AddDays(1));
        Assert.Equal(["gone.example.org"], plan.Orphans);
        Assert.Empty(plan.Due);
    }

    [Fact]
    public void Decide_WildcardCertificate_IsNeverAnOrphanNorOrderedOver()
    {
        var wildcard = Issued("hiy.example.com", T0, kind: CertificateRepository.WildcardKind) with { Names = ["hiy.example.com", "*.hiy.example.com"] };
        var plan = DomainRenewalPlan.Decide(["hiy.example.com"], [wildcard], None, T0.AddDays(80));
        Assert.Empty(plan.Orphans);
        Assert.Empty(plan.Due);
        Assert.Empty(DomainRenewalPlan.Decide([], [wildcard], None, T0).Orphans);
    }

    [Theory]
    [InlineData(null, "pending")]
    [InlineData("pending", "pending")]
    [InlineData("valid", "issued")]
    [InlineData("renewing", "issued")]
    [InlineData("failed", "failed")]
    public void StatusOf_CertificateRow_MapsToTheApiStatus(string? rowStatus, string expected)
    {
        var record = rowStatus is null ? null : Issued("www.example.org", T0) with { Status = rowStatus };
        if (rowStatus == "pending")
            record = record! with { CertificatePem = null, SealedKey = null };
        Assert.Equal(expected, DomainCertificateStatus.StatusOf(record));
    }

    [Fact]
    public void StatusOf_FirstIssuanceFailed_IsFailed()
    {
        Assert.Equal("failed", DomainCertificateStatus.StatusOf(NeverIssued("www.example.org", 1, T0)));
    }
}
