namespace Hiy.Web.Api;

public sealed record StatusResponse(string Status);

public sealed record ReadyResponse(string Status, IReadOnlyDictionary<string, string> Checks, DiskSpaceView Disk);

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

    /// <summary>POST /api/v1/auth/token only: what GET /api/v1/tokens calls the token ("cli" when absent).</summary>
    public string? Name { get; init; }
}

/// <summary>A new token, shown this once; <c>id</c> and <c>name</c> are how GET /api/v1/tokens lists it.</summary>
public sealed record TokenResponse(string Token, long? Id = null, string? Name = null);
