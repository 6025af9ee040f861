using System.Collections.Concurrent;
using System.Security.Cryptography.X509Certificates;
using Hiy.Store;
using Microsoft.Extensions.Logging;

namespace Hiy.Acme;

/// <summary>
/// Custom domains: one certificate per domain (<c>kind = 'domain'</c>), ordered over http-01 (the proxy's
/// port-80 listener answers the CA from <see cref="Http01ChallengeStore"/>), so no DNS provider is needed,
/// only a completed setup and an ACME e-mail. Renewed by the same <see cref="RenewalPolicy"/> as the
/// wildcard, one attempt at a time on the manager's loop.
/// </summary>
public sealed partial class CertificateManager
{
    private readonly ConcurrentDictionary<string, byte> _forcedDomains = new(StringComparer.Ordinal);
    private string? _loggedDomainsOffReason;

    /// <summary>Why custom domains get no certificates (null when they do), from the settings as they are now.</summary>
    public string? DomainsDisabledReason
    {
        get
        {
            ReadHttp01Email(out var whyOff);
            return whyOff;
        }
    }

    /// <summary>Orders <paramref name="domain"/>'s certificate on the next look, past its schedule and backoff.</summary>
    public void RenewDomainNow(string domain)
    {
        _forcedDomains[domain] = 0;
        CheckNow();
    }

    /// <summary>Each custom domain of <paramref name="app"/> with its certificate's state.</summary>
    public IReadOnlyList<DomainCertificateStatus> DomainStatuses(string app)
    {
        var byName = certificates.List().Where(c => c.Kind == CertificateRepository.DomainKind)
            .ToDictionary(c => c.PrimaryName, StringComparer.Ordinal);
        return domains.ListFor(app).Select(d => StatusOf(d, byName.GetValueOrDefault(d.Domain))).ToArray();
    }

    public static DomainCertificateStatus StatusOf(DomainRecord domain, CertificateRecord? certificate) => new(
        domain.Domain, domain.App, DomainCertificateStatus.StatusOf(certificate),
        certificate is { HasCertificate: true } ? certificate.NotAfter : null,
        certificate?.LastError, SerialOf(certificate), certificate?.NextAttemptAt, domain.CreatedAt);

    /// <summary>
    /// Drops the certificates of domains that were removed and stops serving them at once. The loop also
    /// drops leftovers (an order that finished after its domain was removed), so this is not the only guard.
    /// </summary>
    public void ForgetDomains(IReadOnlyCollection<string> removed)
    {
        if (removed.Count == 0)
            return;
        lock (_publishLock)
        {
            var any = false;
            foreach (var name in removed)
                any |= certificates.Delete(name, CertificateRepository.DomainKind);
            if (any)
                PublishStored();
        }
        foreach (var name in removed)
            _forcedDomains.TryRemove(name, out _);
    }

    /// <summary>The custom domains' part of one look; returns when one is due next.</summary>
    private async Task<DateTimeOffset> RunDomainsAsync(CancellationToken ct)
    {
        var email = ReadHttp01Email(out var whyOff);
        var idle = time.GetUtcNow() + options.MaxSleep;
        var names = domains.List().Select(d => d.Domain).ToArray();
        if (email is null)
        {
            if (names.Length > 0 && _loggedDomainsOffReason != whyOff)
                LogDomainsOff(names.Length, whyOff!);
            _loggedDomainsOffReason = whyOff;
            return idle; // the wizard, or adding a domain, wakes us
        }
        _loggedDomainsOffReason = null;

        var forced = _forcedDomains.Keys.ToHashSet(StringComparer.Ordinal);
        foreach (var name in forced)
            _forcedDomains.TryRemove(name, out _);
        var plan = DomainRenewalPlan.Decide(names, certificates.List(), forced, time.GetUtcNow());
        ForgetDomains(plan.Orphans);
        foreach (var domain in plan.Due)
        {
            ct.ThrowIfCancellationRequested();
            // Looked up again: the domain may have been removed while an earlier one was being ordered.
            if (domains.Find(domain) is null)
                continue;
            await AttemptAsync(domain, [domain], CertificateRepository.DomainKind, certificates.Find(domain),
                (n, token) => OrderAsync(email, n, dnsProvider: null, propagation: null, token), ct).ConfigureAwait(false);
        }
        if (plan.Due.Count > 0)
        {
            // A domain removed mid-order got its row back from SaveIssued/RecordFailure: drop it now.
            plan = DomainRenewalPlan.Decide(domains.List().Select(d => d.Domain).ToArray(), certificates.List(),
                new HashSet<string>(StringComparer.Ordinal), time.GetUtcNow());
            ForgetDomains(plan.Orphans);
        }
        // A domain still due (it failed and its backoff passed during the other orders) is looked at in a second.
        return plan.Due.Count > 0 ? time.GetUtcNow() : plan.NextAt ?? idle;
    }

    private string? ReadHttp01Email(out string? whyOff) =>
        AcmeSettings.Http01Email(
            settings.Get(SettingsRepository.SetupCompletedAt) is not null,
            settings.Get(SettingsRepository.AcmeEmail),
            out whyOff);

    private static string? SerialOf(CertificateRecord? r)
    {
        if (r?.CertificatePem is null)
            return null;
        try
        {
            using var leaf = X509Certificate2.CreateFromPem(r.CertificatePem);
            return leaf.SerialNumber;
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            return null;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "acme: {Count} custom domains get no certificate yet ({Reason})")]
    private partial void LogDomainsOff(int count, string reason);
}
