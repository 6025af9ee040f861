namespace Hiy.Web.Api;

public sealed record StatusResponse(string Status);

public sealed record ReadyResponse(string Status, IReadOnlyDictionary<string, string> Checks);

public sealed record SetupStatusResponse(bool Completed, bool SetupCodeRequired, string Domain);

/// <summary>POST /api/v1/setup (API.md "First run").</summary>
public sealed record SetupRequest
{
    public string? AdminPassword { get; init; }
    public string? Domain { get; init; }
    public string? AcmeEmail { get; init; }
    public string? CloudflareApiToken { get; init; }
    public string? CloudflareZoneId { get; init; }
    public string? GithubWebhookSecret { get; init; }
    public string? Timezone { get; init; }
    public string? SetupCode { get; init; }
}

public sealed record TokenRequest
{
    public string? Password { get; init; }
    public string? Username { get; init; }
}

public sealed record TokenResponse(string Token);
