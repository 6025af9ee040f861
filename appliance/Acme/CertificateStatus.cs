namespace Hiy.Acme;

/// <summary>One certificate as the API shows it: the stored facts plus <see cref="RenewalPolicy.Evaluate"/>'s verdict.</summary>
public sealed record CertificateStatus(
    string PrimaryName,
    IReadOnlyList<string> Names,
    string Status,
    RenewalStatus Renewal,
    string? SerialNumber,
    DateTimeOffset? NotBefore,
    DateTimeOffset? NotAfter,
    DateTimeOffset? NextAttemptAt,
    int ConsecutiveFailures,
    string? LastError,
    DateTimeOffset? LastFailureAt = null)
{
    /// <summary>
    /// The last renewal attempt and how it went: a failure since the last issue wins (its time and error); otherwise the
    /// certificate being served, dated by its notBefore (the CA's issue time, which Let's Encrypt backdates by an hour);
    /// nothing yet for a certificate never issued.
    /// </summary>
    public (DateTimeOffset? At, string Result) LastRenewal() =>
        ConsecutiveFailures > 0 ? (LastFailureAt, "failed: " + (LastError ?? "unknown error"))
        : NotAfter is not null ? (NotBefore, "succeeded")
        : (null, "pending");
}
