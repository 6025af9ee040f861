namespace Hiy.Acme;

/// <summary>A challenge object (RFC 8555 §7.1.5, §8).</summary>
public sealed record AcmeChallenge
{
    public string Type { get; init; } = "";
    public Uri? Url { get; init; }
    public string Status { get; init; } = "";
    public string? Token { get; init; }
    public DateTimeOffset? Validated { get; init; }
    public AcmeProblem? Error { get; init; }
}
