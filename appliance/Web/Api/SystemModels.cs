namespace Hiy.Web.Api;

public sealed record OperationView(string Request, string State, string? Message, DateTimeOffset? At);

public sealed record OperationListResponse(bool Available, string RequestDir, IReadOnlyList<OperationView> Operations);

public sealed record OsUpdateView(bool RebootRequired, IReadOnlyList<string> Upgradable, OperationView? LastCheck, OperationView? LastApply);

public sealed record SshKeyView(string Type, string Fingerprint, string? Comment);

public sealed record SshView(bool Enabled, IReadOnlyList<SshKeyView> AuthorizedKeys, OperationView? Last);

public sealed record SshRequest
{
    public bool? Enabled { get; init; }
    public IReadOnlyList<string>? AuthorizedKeys { get; init; }
}
