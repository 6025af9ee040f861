namespace Hiy.Acme;

/// <summary>An ACME identifier (RFC 8555 §9.7.7); hiy orders only <c>dns</c> ones.</summary>
public sealed record AcmeIdentifier(string Type, string Value)
{
    public static AcmeIdentifier Dns(string name) => new("dns", name);
}
