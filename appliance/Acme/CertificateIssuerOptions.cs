namespace Hiy.Acme;

/// <summary>Account contact and challenge plumbing for <see cref="CertificateIssuer"/>.</summary>
public sealed record CertificateIssuerOptions
{
    /// <summary>Account contacts (<c>mailto:</c> added when missing); used only when the account is created.</summary>
    public IReadOnlyList<string> Contact { get; init; } = [];
}
