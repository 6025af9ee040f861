namespace Hiy.Ops;

/// <summary>
/// Where a root-side operation stands, as hiy-ops writes it to <c>&lt;data_dir&gt;/ops/status/&lt;request&gt;.json</c>:
/// <c>requested</c> (hiy dropped the request), <c>accepted</c>/<c>running</c>, then <c>done</c>, <c>failed</c>
/// or <c>rolled-back</c> (self-update).
/// </summary>
public sealed record OperationStatus(string Request, string State, string? Message, DateTimeOffset? At)
{
    public static readonly IReadOnlySet<string> Pending = new HashSet<string>(StringComparer.Ordinal) { "requested", "accepted", "running" };

    public bool IsPending => Pending.Contains(State);
}
