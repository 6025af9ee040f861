namespace Hiy.Acme;

/// <summary>The facts renewal decisions are made from; persisted by the caller.</summary>
public sealed record RenewalState(
    DateTimeOffset? NotBefore,
    DateTimeOffset? NotAfter,
    int ConsecutiveFailures = 0,
    DateTimeOffset? LastFailureAt = null);
