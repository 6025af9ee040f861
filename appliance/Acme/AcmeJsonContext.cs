using System.Text.Json.Serialization;

namespace Hiy.Acme;

/// <summary>Source-generated JSON for every ACME object (RFC 8555 uses camelCase member names).</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(AcmeDirectory))]
[JsonSerializable(typeof(AcmeProblem))]
[JsonSerializable(typeof(AcmeOrder))]
[JsonSerializable(typeof(AcmeAuthorization))]
[JsonSerializable(typeof(AcmeChallenge))]
[JsonSerializable(typeof(AcmeAccountResource))]
[JsonSerializable(typeof(NewOrderRequest))]
[JsonSerializable(typeof(FinalizeRequest))]
[JsonSerializable(typeof(EmptyObject))]
[JsonSerializable(typeof(JwsProtectedHeader))]
[JsonSerializable(typeof(JwsMessage))]
[JsonSerializable(typeof(EcJwk))]
internal sealed partial class AcmeJsonContext : JsonSerializerContext;
