using System.Text.Json.Serialization;

namespace Hiy.Docker.Models;

/// <summary>
/// One message of Docker's JSON progress stream (build, load): text output in <see cref="Stream"/>, progress in
/// <see cref="Status"/>/<see cref="Progress"/>, a failure in <see cref="ErrorDetail"/>, the built image in <see cref="Aux"/>.
/// </summary>
public sealed record JsonMessage
{
    [JsonPropertyName("stream")] public string? Stream { get; init; }
    [JsonPropertyName("status")] public string? Status { get; init; }
    [JsonPropertyName("progress")] public string? Progress { get; init; }
    [JsonPropertyName("id")] public string? Id { get; init; }
    [JsonPropertyName("error")] public string? Error { get; init; }
    [JsonPropertyName("errorDetail")] public JsonMessageError? ErrorDetail { get; init; }
    [JsonPropertyName("aux")] public JsonMessageAux? Aux { get; init; }
}

public sealed record JsonMessageError
{
    [JsonPropertyName("code")] public int? Code { get; init; }
    [JsonPropertyName("message")] public string? Message { get; init; }
}

public sealed record JsonMessageAux
{
    public string? ID { get; init; }
}
