using System.Security.Cryptography;
using Hiy.Acme.Dns;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Hiy.Acme;

/// <summary>
/// One issuance, start to finish: account → order → a challenge per pending authorization (dns-01
/// through the <see cref="IDnsProvider"/> for names in its zone, else http-01 through the
/// <see cref="Http01ChallengeStore"/>) → propagation check → respond → poll → finalize with a fresh
/// P-256 key → download. Challenge records and tokens are removed afterwards whatever happened.
/// Every error is an <see cref="AcmeException"/> whose message starts <c>acme: order for &lt;first name&gt;:</c>.
/// </summary>
public sealed partial class CertificateIssuer(
    AcmeClient client,
    IDnsProvider? dnsProvider,
    DnsPropagationCheck? propagation,
    Http01ChallengeStore? http01,
    CertificateIssuerOptions? options = null,
    ILogger? logger = null)
{
    private readonly ILogger _log = logger ?? NullLogger.Instance;
    private readonly CertificateIssuerOptions _options = options ?? new CertificateIssuerOptions();

    /// <summary><c>domain</c>, <c>*.domain</c>, then the extra names; lower-cased, without duplicates.</summary>
    public static IReadOnlyList<string> NamesFor(string domain, IEnumerable<string>? extraNames = null) =>
        new[] { domain, "*." + domain }.Concat(extraNames ?? [])
            .Select(n => n.Trim().TrimEnd('.').ToLowerInvariant())
            .Where(n => n.Length > 0)
            .Distinct(StringComparer.Ordinal)
            .ToArray();

    public async Task<IssuedCertificate> IssueAsync(IReadOnlyList<string> names, CancellationToken ct = default)
    {
        if (names.Count == 0)
            throw new ArgumentException("acme: nothing to order", nameof(names));
        var subject = $"order for {names[0]}";
        try
        {
            if (client.AccountUrl is null)
                await client.EnsureAccountAsync(_options.Contact, ct).ConfigureAwait(false);
            var order = await client.NewOrderAsync(names, ct).ConfigureAwait(false);
            LogOrder(names[0], order.Status, order.Authorizations.Count);
            if (order.Status == "pending")
            {
                await SolveAuthorizationsAsync(order, subject, ct).ConfigureAwait(false);
                order = await client.WaitForOrderAsync(order.Url!, subject, ct).ConfigureAwait(false);
            }
            if (order.Status != "ready")
                throw OrderFailed(subject, order, "is not ready to finalize");

            using var certificateKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            order = await client.FinalizeAsync(order, CertificateSigningRequest.Create(certificateKey, names), subject, ct).ConfigureAwait(false);
            if (order.Status is "processing" or "pending")
                order = await client.WaitForOrderAsync(order.Url!, subject, ct).ConfigureAwait(false);
            if (order is not { Status: "valid", Certificate: { } certificateUrl })
                throw OrderFailed(subject, order, "was not issued");

            var chainPem = await client.DownloadCertificateAsync(certificateUrl, subject, ct).ConfigureAwait(false);
            var issued = IssuedCertificate.FromPem(names, chainPem, certificateKey.ExportPkcs8PrivateKeyPem());
            LogIssued(names[0], issued.NotAfter);
            return issued;
        }
        catch (AcmeException e) when (!e.Message.StartsWith($"acme: {subject}:", StringComparison.Ordinal))
        {
            // Errors from the account step, the DNS provider or the propagation check: name the order.
            var inner = e.Message.StartsWith("acme: ", StringComparison.Ordinal) ? e.Message["acme: ".Length..] : e.Message;
            throw new AcmeException($"acme: {subject}: {inner}", e.Problem, e.Status, e.RetryAfter, e);
        }
    }

    private static AcmeException OrderFailed(string subject, AcmeOrder order, string what) =>
        new($"acme: {subject}: order {what} (status {order.Status})" + (order.Error is { } p ? ": " + p.Summary : ""), order.Error);

    private async Task SolveAuthorizationsAsync(AcmeOrder order, string subject, CancellationToken ct)
    {
        var pending = new List<(Uri Url, string Name, AcmeChallenge Challenge)>();
        var records = new List<(string Id, string Name)>();
        var tokens = new List<string>();
        try
        {
            var toCheck = new List<(string RecordName, string Value)>();
            foreach (var url in order.Authorizations)
            {
                var authz = await client.GetAuthorizationAsync(url, ct).ConfigureAwait(false);
                if (authz.Status == "valid")
                    continue; // reused from an earlier order (RFC 8555 §7.1.4)
                if (authz.Status != "pending")
                    throw new AcmeException($"acme: {subject}: authorization for {authz.DisplayName} is {authz.Status}");
                var challenge = PickChallenge(authz, subject);
                var keyAuthorization = client.KeyAuthorizationFor(challenge.Token!);
                if (challenge.Type == "dns-01")
                {
                    var recordName = KeyAuthorization.Dns01RecordName(authz.Identifier.Value);
                    var value = KeyAuthorization.Dns01TxtValue(keyAuthorization);
                    var id = await dnsProvider!.CreateTxtRecordAsync(recordName, value, ct).ConfigureAwait(false);
                    records.Add((id, recordName));
                    toCheck.Add((recordName, value));
                }
                else
                {
                    http01!.Add(challenge.Token!, keyAuthorization);
                    tokens.Add(challenge.Token!);
                }
                pending.Add((url, authz.DisplayName, challenge));
            }

            if (propagation is not null)
                foreach (var (recordName, value) in toCheck)
                    await propagation.WaitForTxtAsync(recordName, value, ct).ConfigureAwait(false);

            foreach (var (_, name, challenge) in pending)
                await client.RespondToChallengeAsync(challenge.Url!, $"{subject}: {challenge.Type} challenge for {name}", ct).ConfigureAwait(false);

            foreach (var (url, name, challenge) in pending)
            {
                var done = await client.WaitForAuthorizationAsync(url, $"{subject}: authorization for {name}", ct).ConfigureAwait(false);
                if (done.Status == "valid")
                    continue;
                var problem = done.Challenges.FirstOrDefault(c => c.Type == challenge.Type && c.Error is not null)?.Error
                    ?? done.Challenges.FirstOrDefault(c => c.Error is not null)?.Error;
                throw new AcmeException(
                    $"acme: {subject}: {challenge.Type} challenge for {name} failed (authorization {done.Status})" +
                    (problem is null ? "" : ": " + problem.Summary), problem);
            }
        }
        finally
        {
            await CleanUpAsync(records, tokens).ConfigureAwait(false);
        }
    }

    /// <summary>dns-01 when the name is in the provider's zone; http-01 otherwise (never for wildcards, §7.1.3).</summary>
    private AcmeChallenge PickChallenge(AcmeAuthorization authz, string subject)
    {
        AcmeChallenge? Offered(string type) =>
            authz.Challenges.FirstOrDefault(c => c.Type == type && c.Url is not null && !string.IsNullOrEmpty(c.Token));
        if (dnsProvider is not null && DnsZone.Contains(dnsProvider.Zone, authz.DisplayName) && Offered("dns-01") is { } dns)
            return dns;
        if (http01 is not null && authz.Wildcard != true && Offered("http-01") is { } http)
            return http;
        var offered = string.Join(", ", authz.Challenges.Select(c => c.Type));
        var why = dnsProvider is null ? "no DNS provider is configured" : $"it is outside the DNS zone {dnsProvider.Zone}";
        throw new AcmeException($"acme: {subject}: no usable challenge for {authz.DisplayName} ({why}; offered: {offered})");
    }

    /// <summary>Always runs, never throws: a failed delete is logged, and must not hide the real error.</summary>
    private async Task CleanUpAsync(List<(string Id, string Name)> records, List<string> tokens)
    {
        foreach (var token in tokens)
            http01?.Remove(token);
        foreach (var (id, name) in records)
        {
            try
            {
                // Not the caller's token: cleanup must run even when the issuance was canceled.
                using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
                await dnsProvider!.DeleteTxtRecordAsync(id, cts.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is AcmeException or OperationCanceledException)
            {
                LogCleanupFailed(name, id, e.Message);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "acme: order for {Name}: {Status} with {Count} authorizations")]
    private partial void LogOrder(string name, string status, int count);

    [LoggerMessage(Level = LogLevel.Information, Message = "acme: order for {Name}: certificate issued, valid until {NotAfter:u}")]
    private partial void LogIssued(string name, DateTimeOffset notAfter);

    [LoggerMessage(Level = LogLevel.Warning, Message = "acme: could not delete TXT {Name} (record {Id}): {Reason}")]
    private partial void LogCleanupFailed(string name, string id, string reason);
}
