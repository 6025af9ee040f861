using System.Text.Json.Serialization;

namespace Hiy.Ops;

/// <summary>The status files hiy-ops writes (one line of JSON each), source-generated for AOT.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, PropertyNameCaseInsensitive = true)]
[JsonSerializable(typeof(OperationStatus))]
internal sealed partial class OpsJsonContext : JsonSerializerContext;
