namespace Hiy.Acme;

/// <summary>An account (RFC 8555 §7.1.2); <see cref="Url"/> is the account URL used as JWS <c>kid</c>.</summary>
public sealed record AcmeAccount(Uri Url, string Status, IReadOnlyList<string> Contact);

/// <summary>The account object's JSON, as sent and received.</summary>
public sealed record AcmeAccountResource
{
    public string? Status { get; init; }
    public IReadOnlyList<string>? Contact { get; init; }
    public bool? TermsOfServiceAgreed { get; init; }
    public bool? OnlyReturnExisting { get; init; }
}
