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
    string? LastError);
