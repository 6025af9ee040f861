namespace Hiy.Acme;

/// <summary>Where <see cref="CertificateManager"/> gets its certificates (from <c>hiy.toml</c>'s acme_* and cloudflare_* keys).</summary>
public sealed record CertificateManagerOptions
{
    public required Uri DirectoryUrl { get; init; }

    /// <summary>Extra PEM roots trusted for the ACME server (Pebble in tests); null = system roots only.</summary>
    public string? CaBundlePath { get; init; }

    /// <summary>Servers the propagation check asks directly (acme_dns_servers); empty = the zone's authoritative
    /// servers, found through the resolv.conf nameservers.</summary>
    public IReadOnlyList<string> DnsServers { get; init; } = [];

    public Uri CloudflareApiBase { get; init; } = new(CloudflareOptions.DefaultApiBase);

    public AcmeClientOptions ClientOptions { get; init; } = new();

    /// <summary>Builds the handler for the CA (default: <see cref="AcmeHttpHandler"/> with <see cref="CaBundlePath"/>); tests hand in a fake.</summary>
    public Func<HttpMessageHandler>? AcmeHandler { get; init; }

    /// <summary>Builds the handler for the Cloudflare API (default: a plain <see cref="SocketsHttpHandler"/>).</summary>
    public Func<HttpMessageHandler>? CloudflareHandler { get; init; }

    /// <summary>Longest sleep between two looks at the renewal schedule (the clock may jump; the Pi may sleep).</summary>
    public TimeSpan MaxSleep { get; init; } = TimeSpan.FromHours(1);
}
