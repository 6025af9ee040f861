using System.Text.Json.Serialization;

namespace Hiy.Web.Api;

/// <summary>
/// One entry of GET /api/v1/tokens: never the token or its hash. <c>current</c> marks the token or session making the
/// call; <c>kind</c> is <c>api</c> or <c>session</c> (a dashboard sign-in). The times are always present, null when unset.
/// </summary>
public sealed record TokenView(
    long Id,
    string Name,
    string Kind,
    DateTimeOffset CreatedAt,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] DateTimeOffset? LastUsedAt,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] DateTimeOffset? ExpiresAt,
    bool Current);
