using System.Text.Json.Serialization;

namespace Hiy.Acme;

// Request bodies and JWS pieces: small wire-only records, kept together because each is a line.

/// <summary>newOrder payload (RFC 8555 §7.4).</summary>
internal sealed record NewOrderRequest(IReadOnlyList<AcmeIdentifier> Identifiers);

/// <summary>finalize payload (RFC 8555 §7.4): the CSR as base64url DER.</summary>
internal sealed record FinalizeRequest(string Csr);

/// <summary>The <c>{}</c> payload that tells the server to validate a challenge (RFC 8555 §7.5.1).</summary>
internal sealed record EmptyObject;

/// <summary>An EC public key as a JWK (RFC 7518 §6.2.1).</summary>
public sealed record EcJwk(
    [property: JsonPropertyName("crv")] string Crv,
    [property: JsonPropertyName("kty")] string Kty,
    [property: JsonPropertyName("x")] string X,
    [property: JsonPropertyName("y")] string Y);

/// <summary>The JWS protected header (RFC 8555 §6.2): exactly one of jwk or kid.</summary>
internal sealed record JwsProtectedHeader
{
    public required string Alg { get; init; }
    public EcJwk? Jwk { get; init; }
    public string? Kid { get; init; }
    public required string Nonce { get; init; }
    public required string Url { get; init; }
}

/// <summary>A JWS in flattened JSON serialization (RFC 7515 §7.2.2).</summary>
public sealed record JwsMessage(
    [property: JsonPropertyName("protected")] string Protected,
    [property: JsonPropertyName("payload")] string Payload,
    [property: JsonPropertyName("signature")] string Signature);
