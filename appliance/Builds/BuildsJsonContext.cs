using System.Text.Json.Serialization;

namespace Hiy.Builds;

/// <summary>JSON files read from a repository (source-generated for AOT). snake_case like the API.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    ReadCommentHandling = System.Text.Json.JsonCommentHandling.Skip,
    AllowTrailingCommas = true)]
[JsonSerializable(typeof(AppJsonManifest))]
[JsonSerializable(typeof(PackageJsonManifest))]
[JsonSerializable(typeof(string))]
[JsonSerializable(typeof(Dictionary<string, long>))]
internal sealed partial class BuildsJsonContext : JsonSerializerContext;
