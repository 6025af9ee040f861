namespace Hiy.Web;

/// <summary>RFC 7807 problem details, with every validation error listed (field → message).</summary>
public sealed record ProblemDocument(
    string Type,
    string Title,
    int Status,
    string Detail,
    string? Instance = null,
    IReadOnlyDictionary<string, string>? Errors = null);
