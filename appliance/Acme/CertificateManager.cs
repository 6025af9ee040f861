using System.Diagnostics;
using System.Security.Cryptography.X509Certificates;
using Hiy.Acme.Dns;
using Hiy.Proxy;
using Hiy.Store;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Hiy.Acme;

/// <summary>
/// Makes certificates real in <c>hiy serve</c>: at start every stored certificate goes into the proxy;
/// once the wizard stored a domain, an ACME e-mail and a Cloudflare token + zone, it keeps one
/// certificate for <c>domain</c> + <c>*.domain</c> issued and renewed (dns-01 through Cloudflare,
/// <see cref="RenewalPolicy"/> for when, backoff after failures) and hot-swaps it into the proxy.
/// A failed attempt is recorded in <c>last_error</c>; the old certificate keeps serving.
/// Custom domains (<c>CertificateManager.Domains.cs</c>) get one certificate each, over http-01, on the same
/// loop and <see cref="RenewalPolicy"/>, so attempts never overlap.
/// </summary>
public sealed partial class CertificateManager(
    CertificateRepository certificates,
    DomainRepository domains,
    AcmeAccountRepository accounts,
    SettingsRepository settings,
    ProxyModule proxy,
    Http01ChallengeStore http01,
    CertificateManagerOptions options,
    TimeProvider time,
    ILogger<CertificateManager> logger) : BackgroundService
{
    private readonly SemaphoreSlim _wake = new(0, 1);
    private readonly Lock _publishLock = new();
    private int _forced;
    private string? _loggedOffReason;

    /// <summary>Why ACME is off (null when it is on), from the settings as they are now.</summary>
    public string? DisabledReason
    {
        get
        {
            ReadSettings(out var whyOff);
            return whyOff;
        }
    }

    /// <summary>Looks at the schedule now instead of at the next tick; <paramref name="force"/> attempts even when nothing is due.</summary>
    public void CheckNow(bool force = false)
    {
        if (force)
            Interlocked.Exchange(ref _forced, 1);
        try
        {
            _wake.Release();
        }
        catch (SemaphoreFullException)
        {
            // Already woken: one pending look covers both requests.
        }
    }

    /// <summary>Every stored certificate with its renewal verdict, for <c>GET /api/v1/certificates</c>.</summary>
    public IReadOnlyList<CertificateStatus> List()
    {
        var now = time.GetUtcNow();
        return certificates.List().Select(r => new CertificateStatus(
            r.PrimaryName, r.Names, r.Status, RenewalPolicy.Evaluate(RenewalState.From(r), now), SerialOf(r),
            r.NotBefore, r.NotAfter, r.NextAttemptAt, r.ConsecutiveFailures, r.LastError, r.LastFailureAt)).ToArray();
    }

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        // Before the listeners take traffic: a restart serves the stored certificates at once, no CA involved.
        lock (_publishLock)
            PublishStored();
        return base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            TimeSpan sleep;
            try
            {
                sleep = await RunOnceAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is StoreException or Secrets.SecretException)
            {
                LogLoopFailed(e.Message);
                sleep = TimeSpan.FromMinutes(1);
            }
            try
            {
                await _wake.WaitAsync(sleep, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>One look at the schedule (and the attempts that are due); returns how long to sleep.</summary>
    private async Task<TimeSpan> RunOnceAsync(CancellationToken ct)
    {
        var wildcardDue = await RunWildcardAsync(ct).ConfigureAwait(false);
        var domainsDue = await RunDomainsAsync(ct).ConfigureAwait(false);
        var due = wildcardDue < domainsDue ? wildcardDue : domainsDue;
        var wait = due - time.GetUtcNow();
        return wait < TimeSpan.FromSeconds(1) ? TimeSpan.FromSeconds(1) : wait > options.MaxSleep ? options.MaxSleep : wait;
    }

    /// <summary>The appliance's own <c>domain</c> + <c>*.domain</c> certificate (dns-01); returns when it is due next.</summary>
    private async Task<DateTimeOffset> RunWildcardAsync(CancellationToken ct)
    {
        var acme = ReadSettings(out var whyOff);
        if (acme is null)
        {
            if (_loggedOffReason != whyOff)
                LogAcmeOff(whyOff!);
            _loggedOffReason = whyOff;
            Interlocked.Exchange(ref _forced, 0);
            return time.GetUtcNow() + options.MaxSleep; // the wizard wakes us (SetupState.Changed)
        }
        _loggedOffReason = null;

        var names = CertificateIssuer.NamesFor(acme.Domain);
        var record = certificates.Find(acme.Domain);
        var forced = Interlocked.Exchange(ref _forced, 0) == 1;
        var namesChanged = record is { HasCertificate: true } && !record.Names.SequenceEqual(names, StringComparer.Ordinal);
        var due = record is null ? time.GetUtcNow() : RenewalPolicy.NextAttempt(RenewalState.From(record));
        if (forced || namesChanged || time.GetUtcNow() >= due)
        {
            await AttemptAsync(acme.Domain, names, CertificateRepository.WildcardKind, record,
                (n, token) => IssueAsync(acme, n, token), ct).ConfigureAwait(false);
            record = certificates.Find(acme.Domain);
            due = record is null ? time.GetUtcNow() + options.MaxSleep : RenewalPolicy.NextAttempt(RenewalState.From(record));
        }
        return due;
    }

    private AcmeSettings? ReadSettings(out string? whyOff) =>
        AcmeSettings.From(
            settings.Get(SettingsRepository.SetupCompletedAt) is not null,
            settings.Get(SettingsRepository.Domain),
            settings.Get(SettingsRepository.AcmeEmail),
            settings.GetSecret(SettingsRepository.CloudflareApiToken),
            settings.Get(SettingsRepository.CloudflareZoneId),
            out whyOff);

    /// <summary>
    /// One issuance or renewal of <paramref name="primaryName"/>. Success: into the proxy, then stored.
    /// Failure: recorded with the backoff; the certificate in the proxy is left as it is.
    /// </summary>
    private async Task AttemptAsync(string primaryName, IReadOnlyList<string> names, string kind, CertificateRecord? previous,
        Func<IReadOnlyList<string>, CancellationToken, Task<IssuedCertificate>> issue, CancellationToken ct)
    {
        certificates.MarkAttempt(primaryName, names, kind);
        LogAttempt(primaryName, previous is { HasCertificate: true } ? "renewal" : "issuance");
        var started = Stopwatch.GetTimestamp();
        try
        {
            var issued = await issue(names, ct).ConfigureAwait(false);
            // Into the proxy first, then stored: once the API shows "valid", the proxy already serves it
            // (and a certificate the proxy cannot load is recorded as a failure, not stored). One lock over
            // both, so a publish from elsewhere (a removed domain) cannot drop the fresh one in between.
            lock (_publishLock)
            {
                PublishStored(primaryName, CertificateInput.FromPem(issued.CertificateChainPem, issued.PrivateKeyPem));
                certificates.SaveIssued(primaryName, names, issued.CertificateChainPem, issued.PrivateKeyPem,
                    issued.NotBefore, issued.NotAfter, RenewalPolicy.RenewAt(issued.NotBefore, issued.NotAfter), kind);
            }
            LogIssued(primaryName, issued.NotAfter, Stopwatch.GetElapsedTime(started).TotalSeconds);
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            // Any failure of this attempt (CA problem, Cloudflare, DNS, http-01, a bad stored key) is recorded
            // and retried after the backoff; the certificate in the proxy is left as it is.
            var failures = (previous?.ConsecutiveFailures ?? 0) + 1;
            var now = time.GetUtcNow();
            var next = RenewalPolicy.NextAttempt(new RenewalState(previous?.NotBefore, previous?.NotAfter, failures, now));
            if (e is AcmeException { RetryAfter: { } retryAfter } && now + retryAfter > next)
                next = now + retryAfter; // a rate limit's Retry-After (RFC 8555 §6.6) beats our own schedule
            var error = Describe(e, primaryName);
            certificates.RecordFailure(primaryName, names, error, failures, now, next, kind);
            LogAttemptFailed(primaryName, failures, next, error);
        }
    }

    /// <summary>The message names the order; the CA's problem <c>type</c> and <c>detail</c> are added when the message lacks them.</summary>
    private static string Describe(Exception e, string domain)
    {
        var subject = $"acme: order for {domain}:";
        var text = e.Message.StartsWith(subject, StringComparison.Ordinal) ? e.Message
            : e.Message.StartsWith("acme: ", StringComparison.Ordinal) ? $"{subject} {e.Message["acme: ".Length..]}"
            : $"{subject} {e.GetType().Name}: {e.Message}";
        if (e is AcmeException { Problem: { } problem } && problem.Type is { } type && !text.Contains(type, StringComparison.Ordinal))
            text += " (" + problem.Summary + ")";
        return text;
    }

    /// <summary>The wildcard: dns-01 through Cloudflare, checked on the zone's servers before the CA is asked.</summary>
    private async Task<IssuedCertificate> IssueAsync(AcmeSettings acme, IReadOnlyList<string> names, CancellationToken ct)
    {
        using var cloudflare = new CloudflareDnsProvider(new CloudflareOptions
        {
            ApiToken = acme.CloudflareToken,
            ZoneId = acme.CloudflareZoneId,
            // Every name we order is the domain or below it, which is all the challenge choice needs.
            ZoneName = acme.Domain,
            ApiBase = options.CloudflareApiBase,
        }, options.CloudflareHandler?.Invoke() ?? new SocketsHttpHandler { ConnectTimeout = TimeSpan.FromSeconds(10) });
        var dns = new DnsTxtClient();
        // acme_dns_servers are asked directly; without them, the zone's own servers, found through every
        // resolver in resolv.conf.
        var servers = options.DnsServers.Count > 0
            ? options.DnsServers.Select(DnsTxtClient.ParseServer).ToArray()
            : await dns.FindAuthoritativeServersAsync(ResolvConf.Read(), acme.Domain, ct).ConfigureAwait(false);
        return await OrderAsync(acme.Email, names, cloudflare, new DnsPropagationCheck(servers, dns, TimeProvider.System), ct).ConfigureAwait(false);
    }

    /// <summary>
    /// One order with the stored account (registered first when there is none): dns-01 through
    /// <paramref name="dnsProvider"/> for names in its zone, http-01 through the proxy for the rest.
    /// </summary>
    private async Task<IssuedCertificate> OrderAsync(string email, IReadOnlyList<string> names, IDnsProvider? dnsProvider,
        DnsPropagationCheck? propagation, CancellationToken ct)
    {
        var directory = options.DirectoryUrl.AbsoluteUri;
        var stored = accounts.Find(directory);
        using var key = stored is null ? AcmeAccountKey.Create() : AcmeAccountKey.ImportPkcs8(accounts.OpenKey(stored));
        using var client = new AcmeClient(options.DirectoryUrl, key, options.AcmeHandler?.Invoke() ?? AcmeHttpHandler.Create(options.CaBundlePath),
            TimeProvider.System, options.ClientOptions, logger);
        if (stored?.AccountUrl is { } accountUrl)
            client.UseAccount(new Uri(accountUrl));
        else
            await RegisterAsync(client, email, ct).ConfigureAwait(false);

        var issuer = new CertificateIssuer(client, dnsProvider, propagation, http01,
            new CertificateIssuerOptions { Contact = [email] }, logger);
        try
        {
            return await issuer.IssueAsync(names, ct).ConfigureAwait(false);
        }
        catch (AcmeException e) when (stored?.AccountUrl is not null && IsUnknownAccount(e))
        {
            // The CA forgot the stored account (a reset staging CA, a deactivated account): register again, once.
            LogAccountGone(directory, e.Message);
            await RegisterAsync(client, email, ct).ConfigureAwait(false);
            return await issuer.IssueAsync(names, ct).ConfigureAwait(false);
        }
    }

    private static bool IsUnknownAccount(AcmeException e) =>
        e.Problem?.Is("accountDoesNotExist") == true
        || e.Problem?.Is("unauthorized") == true && e.Detail?.Contains("account", StringComparison.OrdinalIgnoreCase) == true;

    private async Task RegisterAsync(AcmeClient client, string email, CancellationToken ct)
    {
        var account = await client.EnsureAccountAsync([email], ct).ConfigureAwait(false);
        accounts.Save(options.DirectoryUrl.AbsoluteUri, email, account.Url.AbsoluteUri, client.AccountKey.ExportPkcs8());
        LogAccount(account.Url.AbsoluteUri, options.DirectoryUrl.AbsoluteUri);
    }

    /// <summary>
    /// Pushes every stored certificate into the proxy, oldest first (a later one for a name wins); a
    /// <paramref name="fresh"/> certificate replaces the stored one of <paramref name="freshName"/> and goes last.
    /// Callers hold <see cref="_publishLock"/>.
    /// </summary>
    private void PublishStored(string? freshName = null, CertificateInput? fresh = null)
    {
        var inputs = new List<CertificateInput>();
        foreach (var record in certificates.List().Where(r => r.HasCertificate && r.PrimaryName != freshName))
        {
            try
            {
                inputs.Add(CertificateInput.FromPem(record.CertificatePem!, certificates.OpenKey(record)));
            }
            catch (Exception e) when (e is Secrets.SecretException or StoreException or ArgumentException
                or System.Security.Cryptography.CryptographicException)
            {
                LogUnusable(record.PrimaryName, e.Message);
            }
        }
        if (fresh is not null)
            inputs.Add(fresh);
        proxy.UpdateCertificates(inputs);
        LogPublished(inputs.Count);
    }

    public override void Dispose()
    {
        _wake.Dispose();
        base.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "acme: off ({Reason}); HTTPS uses the fallback certificate")]
    private partial void LogAcmeOff(string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "acme: certificate for {Domain}: starting {Kind}")]
    private partial void LogAttempt(string domain, string kind);

    [LoggerMessage(Level = LogLevel.Information, Message = "acme: certificate for {Domain}: issued, valid until {NotAfter:u}, took {Seconds:0.0} s; now serving it")]
    private partial void LogIssued(string domain, DateTimeOffset notAfter, double seconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "acme: certificate for {Domain}: attempt {Failures} failed, next at {Next:u}; the current certificate keeps serving: {Error}")]
    private partial void LogAttemptFailed(string domain, int failures, DateTimeOffset next, string error);

    [LoggerMessage(Level = LogLevel.Information, Message = "acme: account {AccountUrl} at {Directory} stored")]
    private partial void LogAccount(string accountUrl, string directory);

    [LoggerMessage(Level = LogLevel.Warning, Message = "acme: the stored account at {Directory} is unknown to the CA, registering again: {Reason}")]
    private partial void LogAccountGone(string directory, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "acme: stored certificate {Name} cannot be loaded and is not served: {Reason}")]
    private partial void LogUnusable(string name, string reason);

    [LoggerMessage(Level = LogLevel.Debug, Message = "acme: {Count} stored certificates published to the proxy")]
    private partial void LogPublished(int count);

    [LoggerMessage(Level = LogLevel.Error, Message = "acme: certificate loop: {Reason}")]
    private partial void LogLoopFailed(string reason);
}
