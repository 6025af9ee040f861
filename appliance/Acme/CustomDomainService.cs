using Hiy.Core;
using Hiy.Store;

namespace Hiy.Acme;

/// <summary>
/// The one owner of custom domains: names pass <see cref="DomainName.CheckCustom"/>, each belongs to one
/// app, a change re-publishes the route table (through <paramref name="routesChanged"/>, which the
/// composition root points at the runtime: Acme does not call Runtime) and wakes the certificate loop; a
/// removed domain's certificate stops serving at once.
/// </summary>
public sealed class CustomDomainService(
    DomainRepository domains,
    AppRepository apps,
    CertificateManager certificates,
    Func<string> applianceDomain,
    Action routesChanged)
{
    /// <summary>The app's domains with their certificate state; null when there is no such app.</summary>
    public IReadOnlyList<DomainCertificateStatus>? List(string app) =>
        apps.Find(app) is null ? null : certificates.DomainStatuses(app);

    public DomainChange Get(string app, string domain)
    {
        if (apps.Find(app) is null)
            return new DomainChange(DomainChangeOutcome.NoSuchApp);
        return Status(app, Lookup(domain)) is { } status
            ? new DomainChange(DomainChangeOutcome.Unchanged, status)
            : new DomainChange(DomainChangeOutcome.NoSuchDomain);
    }

    public DomainChange Add(string app, string? rawDomain)
    {
        if (DomainName.CheckCustom(rawDomain, applianceDomain(), out var name) is { } why)
            return new DomainChange(DomainChangeOutcome.Invalid, Detail: why);
        var result = domains.Add(app, name);
        switch (result.Outcome)
        {
            case DomainAddOutcome.NoSuchApp:
                return new DomainChange(DomainChangeOutcome.NoSuchApp);
            case DomainAddOutcome.TakenByOtherApp:
                return new DomainChange(DomainChangeOutcome.Taken, Detail: result.Owner);
            case DomainAddOutcome.AlreadyThisApps:
                return new DomainChange(DomainChangeOutcome.Unchanged, Status(app, name));
        }
        routesChanged();
        certificates.CheckNow();
        return new DomainChange(DomainChangeOutcome.Added, Status(app, name));
    }

    public DomainChange Remove(string app, string domain)
    {
        if (apps.Find(app) is null)
            return new DomainChange(DomainChangeOutcome.NoSuchApp);
        var name = Lookup(domain);
        if (name is null || !domains.Delete(app, name))
            return new DomainChange(DomainChangeOutcome.NoSuchDomain);
        routesChanged();
        certificates.ForgetDomains([name]);
        return new DomainChange(DomainChangeOutcome.Removed);
    }

    /// <summary>For a deleted app: its domains and their certificates go (call before the app row goes).</summary>
    public void RemoveAllFor(string app)
    {
        var removed = domains.DeleteAllFor(app);
        if (removed.Count == 0)
            return;
        routesChanged();
        certificates.ForgetDomains(removed);
    }

    /// <summary>Orders the domain's certificate again now, past its schedule and backoff.</summary>
    public DomainChange Renew(string app, string domain)
    {
        if (apps.Find(app) is null)
            return new DomainChange(DomainChangeOutcome.NoSuchApp);
        if (Status(app, Lookup(domain)) is not { } status)
            return new DomainChange(DomainChangeOutcome.NoSuchDomain);
        if (certificates.DomainsDisabledReason is { } why)
            return new DomainChange(DomainChangeOutcome.AcmeOff, status, why);
        certificates.RenewDomainNow(status.Domain);
        return new DomainChange(DomainChangeOutcome.Queued, status);
    }

    /// <summary>A path segment as stored (same gate, so <c>WWW.Example.org</c> finds <c>www.example.org</c>); null when it cannot be one.</summary>
    private string? Lookup(string domain) =>
        DomainName.CheckCustom(domain, applianceDomain(), out var name) is null ? name : null;

    private DomainCertificateStatus? Status(string app, string? name) =>
        name is null ? null : certificates.DomainStatuses(app).FirstOrDefault(d => d.Domain == name);
}
