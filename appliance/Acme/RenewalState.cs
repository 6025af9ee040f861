using Hiy.Store;

namespace Hiy.Acme;

/// <summary>The facts renewal decisions are made from; persisted by the caller.</summary>
public sealed record RenewalState(
    DateTimeOffset? NotBefore,
    DateTimeOffset? NotAfter,
    int ConsecutiveFailures = 0,
    DateTimeOffset? LastFailureAt = null)
{
    /// <summary>From a stored row: validity only when a certificate is really there.</summary>
    public static RenewalState From(CertificateRecord r) =>
        new(r.HasCertificate ? r.NotBefore : null, r.HasCertificate ? r.NotAfter : null, r.ConsecutiveFailures, r.LastFailureAt);
}
