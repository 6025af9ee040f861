using System.Text.Json.Serialization;

namespace Hiy.Acme;

/// <summary>An order object (RFC 8555 §7.1.3); <see cref="Url"/> is its Location, not part of the JSON.</summary>
public sealed record AcmeOrder
{
    public string Status { get; init; } = "";
    public DateTimeOffset? Expires { get; init; }
    public IReadOnlyList<AcmeIdentifier> Identifiers { get; init; } = [];
    public IReadOnlyList<Uri> Authorizations { get; init; } = [];
    public Uri? Finalize { get; init; }
    public Uri? Certificate { get; init; }
    public AcmeProblem? Error { get; init; }

    [JsonIgnore]
    public Uri? Url { get; init; }
}
