using Hiy.Store;

namespace Hiy.Acme;

/// <summary>
/// What the certificate loop does for custom domains on one look: which domains to order now (no
/// certificate yet, <see cref="RenewalPolicy"/> says due or the backoff has passed, or asked for by hand),
/// which custom-domain certificates lost their domain and go, and when to look next. Pure: the caller
/// reads the rows and the clock.
/// </summary>
public sealed record DomainRenewalPlan(IReadOnlyList<string> Due, IReadOnlyList<string> Orphans, DateTimeOffset? NextAt)
{
    public static DomainRenewalPlan Decide(IReadOnlyCollection<string> domains, IReadOnlyList<CertificateRecord> certificates,
        IReadOnlySet<string> forced, DateTimeOffset now)
    {
        var byName = certificates.ToDictionary(c => c.PrimaryName, StringComparer.Ordinal);
        var due = new List<string>();
        DateTimeOffset? next = null;
        foreach (var domain in domains.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
        {
            if (!byName.TryGetValue(domain, out var record))
            {
                due.Add(domain); // never ordered
                continue;
            }
            if (record.Kind != CertificateRepository.DomainKind)
                continue; // the appliance's own certificate has that name: never order over it
            var at = RenewalPolicy.NextAttempt(RenewalState.From(record));
            if (forced.Contains(domain) || now >= at)
                due.Add(domain);
            else if (next is null || at < next)
                next = at;
        }
        var wanted = domains.ToHashSet(StringComparer.Ordinal);
        var orphans = certificates
            .Where(c => c.Kind == CertificateRepository.DomainKind && !wanted.Contains(c.PrimaryName))
            .Select(c => c.PrimaryName).Order(StringComparer.Ordinal).ToArray();
        return new DomainRenewalPlan(due, orphans, next);
    }
}
