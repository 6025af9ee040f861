using System.Text.Json.Serialization;

namespace Hiy.Acme;

/// <summary>Cloudflare v4's envelope: <c>{success, errors:[{code,message}], result}</c>.</summary>
public sealed record CloudflareEnvelope<T>
{
    public bool Success { get; init; }
    public IReadOnlyList<CloudflareError> Errors { get; init; } = [];
    public T? Result { get; init; }
}

public sealed record CloudflareError(int Code, string Message);

/// <summary>A DNS record as created and returned by <c>/zones/{zone}/dns_records</c>.</summary>
public sealed record CloudflareDnsRecord
{
    public string? Id { get; init; }
    public string? Type { get; init; }
    public string? Name { get; init; }
    public string? Content { get; init; }
    public int? Ttl { get; init; }
}

/// <summary>GET /user/tokens/verify's result: the token's id and <c>status</c> (<c>active</c>, <c>disabled</c>, <c>expired</c>).</summary>
public sealed record CloudflareTokenVerification
{
    public string? Id { get; init; }
    public string? Status { get; init; }
}
