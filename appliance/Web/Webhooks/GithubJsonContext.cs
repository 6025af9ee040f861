using System.Text.Json.Serialization;

namespace Hiy.Web.Webhooks;

/// <summary>GitHub webhook JSON (snake_case both ways), source-generated for AOT.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(GithubPushEvent))]
[JsonSerializable(typeof(WebhookResponse))]
internal sealed partial class GithubJsonContext : JsonSerializerContext;
