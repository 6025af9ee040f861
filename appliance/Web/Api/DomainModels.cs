namespace Hiy.Web.Api;

/// <summary><c>POST /api/v1/apps/{app}/domains</c>: the host name to add.</summary>
public sealed record DomainRequest
{
    public string? Domain { get; init; }
}

/// <summary>
/// One custom domain. <c>status</c> is its certificate's state: <c>pending</c> (being ordered, or ACME is
/// off), <c>issued</c> (served), <c>failed</c> (the last attempt failed; <c>error</c> says why, and the old
/// certificate, if any, still serves until <c>not_after</c>).
/// </summary>
public sealed record DomainView(
    string Domain,
    string App,
    string Status,
    DateTimeOffset? NotAfter,
    string? Error,
    string? SerialNumber,
    DateTimeOffset? NextAttemptAt,
    DateTimeOffset CreatedAt,
    string Url);

/// <summary><c>GET /api/v1/apps/{app}/domains</c>; <c>acme_disabled_reason</c> is set while no certificate can be ordered.</summary>
public sealed record DomainListResponse(IReadOnlyList<DomainView> Domains, string? AcmeDisabledReason);

/// <summary><c>POST …/domains/{domain}/renew</c> → 202.</summary>
public sealed record DomainRenewResponse(string Status, string Domain);
