namespace Hiy.Store;

/// <summary>A row of <c>certificates</c>: the chain as PEM, the key still sealed, and the renewal facts.</summary>
public sealed record CertificateRecord
{
    public long Id { get; init; }
    public required string PrimaryName { get; init; }
    public IReadOnlyList<string> Names { get; init; } = [];
    public string? CertificatePem { get; init; }

    /// <summary>PKCS#8 PEM of the certificate's key, sealed with <see cref="CertificateRepository.KeyPurpose"/>.</summary>
    public byte[]? SealedKey { get; init; }

    public DateTimeOffset? NotBefore { get; init; }
    public DateTimeOffset? NotAfter { get; init; }

    /// <summary><c>pending</c> (never issued), <c>valid</c>, <c>renewing</c> (an attempt is running) or <c>failed</c> (the last attempt failed).</summary>
    public string Status { get; init; } = "pending";

    public string? LastError { get; init; }
    public DateTimeOffset? NextAttemptAt { get; init; }
    public int ConsecutiveFailures { get; init; }
    public DateTimeOffset? LastFailureAt { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }

    /// <summary><see cref="CertificateRepository.WildcardKind"/> or <see cref="CertificateRepository.DomainKind"/>.</summary>
    public string Kind { get; init; } = CertificateRepository.WildcardKind;

    public bool HasCertificate => CertificatePem is not null && SealedKey is not null;
}
