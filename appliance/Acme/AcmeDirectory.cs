namespace Hiy.Acme;

/// <summary>The directory object (RFC 8555 §7.1.1): where each resource lives.</summary>
public sealed record AcmeDirectory
{
    public required Uri NewNonce { get; init; }
    public required Uri NewAccount { get; init; }
    public required Uri NewOrder { get; init; }
    public Uri? RevokeCert { get; init; }
    public Uri? KeyChange { get; init; }
    public AcmeDirectoryMeta? Meta { get; init; }
}

public sealed record AcmeDirectoryMeta
{
    public string? TermsOfService { get; init; }
    public string? Website { get; init; }
    public bool? ExternalAccountRequired { get; init; }
}
