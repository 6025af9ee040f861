namespace Hiy.Acme;

/// <summary>What a <see cref="CustomDomainService"/> call did, as a value the API maps to a status code.</summary>
public sealed record DomainChange(DomainChangeOutcome Outcome, DomainCertificateStatus? Domain = null, string? Detail = null);

public enum DomainChangeOutcome
{
    /// <summary>New: the route is live and the certificate is being ordered.</summary>
    Added,

    /// <summary>The app already had it; nothing changed.</summary>
    Unchanged,
    Removed,

    /// <summary>A renewal is queued.</summary>
    Queued,

    /// <summary>The name failed the host-name gate; <see cref="DomainChange.Detail"/> says why.</summary>
    Invalid,

    /// <summary>Another app owns the name; <see cref="DomainChange.Detail"/> names it.</summary>
    Taken,
    NoSuchApp,
    NoSuchDomain,

    /// <summary>Certificates cannot be ordered now; <see cref="DomainChange.Detail"/> says why.</summary>
    AcmeOff,
}
