namespace Hiy.Acme;

/// <summary>An authorization object (RFC 8555 §7.1.4). For <c>*.example.test</c> the identifier is
/// <c>example.test</c> with <see cref="Wildcard"/> set (§7.1.3).</summary>
public sealed record AcmeAuthorization
{
    public AcmeIdentifier Identifier { get; init; } = new("dns", "");
    public string Status { get; init; } = "";
    public DateTimeOffset? Expires { get; init; }
    public IReadOnlyList<AcmeChallenge> Challenges { get; init; } = [];
    public bool? Wildcard { get; init; }

    /// <summary>The name as ordered: <c>*.example.test</c> for a wildcard authorization.</summary>
    public string DisplayName => Wildcard == true ? "*." + Identifier.Value : Identifier.Value;
}
