namespace Hiy.Web.Api;

/// <summary><c>GET /api/v1/certificates</c>: whether ACME runs (and why not), and every stored certificate.</summary>
public sealed record CertificateListResponse(bool AcmeEnabled, string? AcmeDisabledReason, IReadOnlyList<CertificateView> Certificates);

/// <summary>
/// One certificate. <c>status</c> is the stored state (<c>pending|valid|renewing|failed</c>); <c>renewal</c> is
/// RenewalPolicy's verdict now (<c>missing|valid|renewal_due|backing_off|expired</c>).
/// </summary>
public sealed record CertificateView(
    string Name,
    IReadOnlyList<string> Names,
    string Status,
    string Renewal,
    string? SerialNumber,
    DateTimeOffset? NotBefore,
    DateTimeOffset? NotAfter,
    DateTimeOffset? NextAttemptAt,
    int ConsecutiveFailures,
    string? LastError);

/// <summary><c>POST /api/v1/certificates/renew</c> → 202: an attempt for <c>domain</c> is queued.</summary>
public sealed record CertificateRenewResponse(string Status, string Domain);
