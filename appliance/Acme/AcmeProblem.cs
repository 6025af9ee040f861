using System.Text.Json.Serialization;

namespace Hiy.Acme;

/// <summary>An ACME problem document (RFC 8555 §6.7; RFC 7807 shape), with subproblems (§6.7.1).</summary>
public sealed record AcmeProblem
{
    public string? Type { get; init; }
    public string? Detail { get; init; }
    public int? Status { get; init; }
    public AcmeIdentifier? Identifier { get; init; }
    public IReadOnlyList<AcmeProblem>? Subproblems { get; init; }

    /// <summary>True when <see cref="Type"/> is <c>urn:ietf:params:acme:error:{name}</c>.</summary>
    public bool Is(string name) => string.Equals(Type, AcmeException.ErrorPrefix + name, StringComparison.Ordinal);

    /// <summary>"type: detail" plus each subproblem, for messages.</summary>
    [JsonIgnore]
    public string Summary
    {
        get
        {
            var text = $"{Type ?? "unknown problem"}: {Detail ?? "(no detail)"}";
            if (Subproblems is { Count: > 0 } subs)
                text += " [" + string.Join("; ", subs.Select(p => $"{p.Identifier?.Value ?? "?"}: {p.Type}: {p.Detail}")) + "]";
            return text;
        }
    }
}
