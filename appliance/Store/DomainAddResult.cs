namespace Hiy.Store;

/// <summary>What <see cref="DomainRepository.Add"/> did: added, already the app's, taken by <see cref="Owner"/>, or no such app.</summary>
public sealed record DomainAddResult(DomainAddOutcome Outcome, DomainRecord? Record = null, string? Owner = null);

public enum DomainAddOutcome
{
    Added,

    /// <summary>The app already had the domain: nothing changed (a repeated POST is harmless).</summary>
    AlreadyThisApps,

    /// <summary>Another app owns it; one app per domain.</summary>
    TakenByOtherApp,

    NoSuchApp,
}
