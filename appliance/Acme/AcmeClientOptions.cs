namespace Hiy.Acme;

/// <summary>Knobs of <see cref="AcmeClient"/>; tests shorten the intervals, production keeps the defaults.</summary>
public sealed record AcmeClientOptions
{
    /// <summary>Delay between polls when the server sends no Retry-After (RFC 8555 §7.5.1).</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Upper bound on one Retry-After wait while polling, so a long hint cannot stall an issuance.</summary>
    public TimeSpan MaxPollDelay { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How long an authorization or order may stay pending/processing.</summary>
    public TimeSpan PollTimeout { get; init; } = TimeSpan.FromMinutes(3);

    /// <summary>How many times one request is re-signed with a fresh nonce after badNonce (RFC 8555 §6.5).</summary>
    public int MaxBadNonceRetries { get; init; } = 5;

    public string UserAgent { get; init; } = "hiy-acme/0.1";
}
