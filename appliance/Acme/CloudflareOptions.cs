namespace Hiy.Acme;

/// <summary>What the Cloudflare provider needs: a scoped API token (Zone.DNS edit), the zone's id and name.</summary>
public sealed record CloudflareOptions
{
    public const string DefaultApiBase = "https://api.cloudflare.com/client/v4";

    public required string ApiToken { get; init; }
    public required string ZoneId { get; init; }

    /// <summary>The zone apex (e.g. <c>example.com</c>); decides which names go through dns-01.</summary>
    public required string ZoneName { get; init; }

    public Uri ApiBase { get; init; } = new(DefaultApiBase);

    /// <summary>TTL of the challenge records; 120 s is allowed on every Cloudflare plan.</summary>
    public int Ttl { get; init; } = 120;
}
