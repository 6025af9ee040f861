using System.Text.Json.Serialization;
using Hiy.Web;
using Hiy.Web.Api;

namespace Hiy.Cli.Client;

/// <summary>
/// The API's own records, read by the client. The same shapes as <see cref="ApiJsonContext"/>, but unknown fields
/// are skipped rather than refused: a client must keep working against a newer appliance that says more.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Skip)]
[JsonSerializable(typeof(ProblemDocument))]
[JsonSerializable(typeof(TokenRequest))]
[JsonSerializable(typeof(TokenResponse))]
[JsonSerializable(typeof(List<TokenView>))]
[JsonSerializable(typeof(AppRequest))]
[JsonSerializable(typeof(AppView))]
[JsonSerializable(typeof(AppListResponse))]
[JsonSerializable(typeof(Dictionary<string, string>))]
[JsonSerializable(typeof(DeployRequest))]
[JsonSerializable(typeof(RollbackRequest))]
[JsonSerializable(typeof(DeployView))]
[JsonSerializable(typeof(DeployListResponse))]
[JsonSerializable(typeof(SiteView))]
[JsonSerializable(typeof(SiteListResponse))]
[JsonSerializable(typeof(SiteVersionView))]
[JsonSerializable(typeof(ActivateRequest))]
[JsonSerializable(typeof(BackupRequest))]
[JsonSerializable(typeof(BackupView))]
[JsonSerializable(typeof(BackupListResponse))]
[JsonSerializable(typeof(RestoreView))]
[JsonSerializable(typeof(RotateKeyView))]
[JsonSerializable(typeof(DomainRequest))]
[JsonSerializable(typeof(DomainView))]
[JsonSerializable(typeof(DomainListResponse))]
internal sealed partial class ClientJsonContext : JsonSerializerContext;
