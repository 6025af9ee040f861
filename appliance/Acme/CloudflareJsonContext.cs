using System.Text.Json.Serialization;

namespace Hiy.Acme;

/// <summary>Source-generated JSON for the Cloudflare API (snake_case members).</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(CloudflareDnsRecord))]
[JsonSerializable(typeof(CloudflareEnvelope<CloudflareDnsRecord>))]
[JsonSerializable(typeof(CloudflareEnvelope<CloudflareTokenVerification>))]
public sealed partial class CloudflareJsonContext : JsonSerializerContext;
