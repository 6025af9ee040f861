using System.Text.Json.Serialization;
using Hiy.Docker.Models;

namespace Hiy.Docker;

/// <summary>
/// The one source-generated JSON context for the Docker boundary. Property names stay PascalCase as Docker
/// spells them (the few lower-case wire names carry <c>[JsonPropertyName]</c>); nulls are not sent, so an
/// unset option keeps Docker's default.
/// </summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(SystemVersion))]
[JsonSerializable(typeof(SystemInfo))]
[JsonSerializable(typeof(DiskUsage))]
[JsonSerializable(typeof(ImageSummary[]))]
[JsonSerializable(typeof(ImageInspect))]
[JsonSerializable(typeof(ImageDeleteItem[]))]
[JsonSerializable(typeof(ImagePruneResponse))]
[JsonSerializable(typeof(JsonMessage))]
[JsonSerializable(typeof(ContainerCreateRequest))]
[JsonSerializable(typeof(ContainerCreateResponse))]
[JsonSerializable(typeof(ContainerWaitResponse))]
[JsonSerializable(typeof(ContainerUpdateRequest))]
[JsonSerializable(typeof(ContainerUpdateResponse))]
[JsonSerializable(typeof(ContainerInspect))]
[JsonSerializable(typeof(ContainerSummary[]))]
[JsonSerializable(typeof(ContainerStats))]
[JsonSerializable(typeof(DockerEvent))]
[JsonSerializable(typeof(NetworkCreateRequest))]
[JsonSerializable(typeof(NetworkCreateResponse))]
[JsonSerializable(typeof(NetworkInspect))]
[JsonSerializable(typeof(NetworkInspect[]))]
[JsonSerializable(typeof(NetworkConnectRequest))]
[JsonSerializable(typeof(VolumeCreateRequest))]
[JsonSerializable(typeof(Volume))]
[JsonSerializable(typeof(VolumeListResponse))]
[JsonSerializable(typeof(Dictionary<string, string[]>))]
[JsonSerializable(typeof(Dictionary<string, string>))]
internal sealed partial class DockerJsonContext : JsonSerializerContext;
