using Hiy.Store;

namespace Hiy.Web;

/// <summary>
/// Whether the first-run wizard is done and which domain is in force, kept in memory so every request
/// does not ask SQLite; changed only by the setup endpoint.
/// </summary>
public sealed class SetupState(bool completed, string domain)
{
    private volatile bool _completed = completed;
    private volatile string _domain = domain;

    public bool Completed => _completed;
    public string Domain => _domain;

    public static SetupState Load(SettingsRepository settings, string configuredDomain) =>
        new(settings.Get(SettingsRepository.SetupCompletedAt) is not null,
            settings.Get(SettingsRepository.Domain) ?? configuredDomain);

    /// <summary>Raised after the domain or completion changed (the routes depend on the domain).</summary>
    public event Action? Changed;

    /// <summary>The domain changed in the settings (PATCH /api/v1/settings): routes and certificates follow at once.</summary>
    public void ChangeDomain(string domain)
    {
        _domain = domain;
        Changed?.Invoke();
    }

    public void MarkCompleted(string domain)
    {
        _domain = domain;
        _completed = true;
        Changed?.Invoke();
    }
}
