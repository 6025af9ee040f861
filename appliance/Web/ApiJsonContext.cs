using System.Text.Json.Serialization;
using Hiy.Web.Api;
using Hiy.Web.Auth;

namespace Hiy.Web;

/// <summary>Every JSON shape of the public API (API.md: snake_case), source-generated for AOT.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow)]
[JsonSerializable(typeof(ProblemDocument))]
[JsonSerializable(typeof(StatusResponse))]
[JsonSerializable(typeof(ReadyResponse))]
[JsonSerializable(typeof(CleanupView))]
[JsonSerializable(typeof(SetupStatusResponse))]
[JsonSerializable(typeof(SetupRequest))]
[JsonSerializable(typeof(TokenRequest))]
[JsonSerializable(typeof(TokenResponse))]
[JsonSerializable(typeof(AppRequest))]
[JsonSerializable(typeof(AppView))]
[JsonSerializable(typeof(AppListResponse))]
[JsonSerializable(typeof(Dictionary<string, string>))]
[JsonSerializable(typeof(Dictionary<string, long>))]
[JsonSerializable(typeof(DeployRequest))]
[JsonSerializable(typeof(SiteView))]
[JsonSerializable(typeof(SiteListResponse))]
[JsonSerializable(typeof(SiteVersionView))]
[JsonSerializable(typeof(ActivateRequest))]
[JsonSerializable(typeof(RollbackRequest))]
[JsonSerializable(typeof(DeployView))]
[JsonSerializable(typeof(DeployListResponse))]
[JsonSerializable(typeof(CertificateListResponse))]
[JsonSerializable(typeof(CertificateRenewResponse))]
[JsonSerializable(typeof(DomainRequest))]
[JsonSerializable(typeof(DomainView))]
[JsonSerializable(typeof(DomainListResponse))]
[JsonSerializable(typeof(DomainRenewResponse))]
[JsonSerializable(typeof(OperationView))]
[JsonSerializable(typeof(OperationListResponse))]
[JsonSerializable(typeof(OsUpdateView))]
[JsonSerializable(typeof(SshView))]
[JsonSerializable(typeof(SshRequest))]
[JsonSerializable(typeof(SessionResponse))]
[JsonSerializable(typeof(List<TokenView>))]
[JsonSerializable(typeof(List<MaskedEnvView>))]
[JsonSerializable(typeof(EnvVarView))]
[JsonSerializable(typeof(SystemView))]
[JsonSerializable(typeof(SystemHistoryView))]
[JsonSerializable(typeof(AppMetricsView))]
[JsonSerializable(typeof(SettingsView))]
[JsonSerializable(typeof(SettingsRequest))]
[JsonSerializable(typeof(WebhookSecretView))]
[JsonSerializable(typeof(CloudflareVerifyRequest))]
[JsonSerializable(typeof(SetupCloudflareVerifyRequest))]
[JsonSerializable(typeof(CloudflareVerifyView))]
internal sealed partial class ApiJsonContext : JsonSerializerContext;
