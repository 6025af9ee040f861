using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Hiy.Acme;

/// <summary>
/// An RFC 8555 client: directory, nonces, ES256-signed POSTs, accounts, orders, authorizations,
/// challenges, finalize and download. It holds no state beyond the directory, one spare nonce and
/// the account URL; the orchestration lives in <see cref="CertificateIssuer"/>.
/// </summary>
public sealed partial class AcmeClient : IDisposable
{
    private const string JoseJson = "application/jose+json";
    private const string PemChain = "application/pem-certificate-chain";

    private readonly HttpClient _http;
    private readonly AcmeAccountKey _key;
    private readonly TimeProvider _time;
    private readonly ILogger _log;
    private AcmeDirectory? _directory;
    private string? _nonce;

    public AcmeClient(Uri directoryUrl, AcmeAccountKey accountKey, HttpMessageHandler handler,
        TimeProvider? time = null, AcmeClientOptions? options = null, ILogger? logger = null, bool disposeHandler = true)
    {
        DirectoryUrl = directoryUrl;
        _key = accountKey;
        _time = time ?? TimeProvider.System;
        Options = options ?? new AcmeClientOptions();
        _log = logger ?? NullLogger.Instance;
        _http = new HttpClient(handler, disposeHandler) { Timeout = TimeSpan.FromSeconds(60) };
        _http.DefaultRequestHeaders.UserAgent.ParseAdd(Options.UserAgent);
    }

    public Uri DirectoryUrl { get; }

    public AcmeClientOptions Options { get; }

    /// <summary>The account URL (JWS kid) once an account was found or created.</summary>
    public Uri? AccountUrl { get; private set; }

    public AcmeAccountKey AccountKey => _key;

    /// <summary>Uses a known account URL (stored with the key) instead of looking the account up.</summary>
    public void UseAccount(Uri accountUrl) => AccountUrl = accountUrl;

    /// <summary>The key authorization for a challenge token (RFC 8555 §8.1).</summary>
    public string KeyAuthorizationFor(string token) => KeyAuthorization.Compute(token, _key.Thumbprint);

    /// <summary>GET the directory once (RFC 8555 §7.1.1).</summary>
    public async Task<AcmeDirectory> GetDirectoryAsync(CancellationToken ct = default)
    {
        if (_directory is not null)
            return _directory;
        using var response = await SendAsync(new HttpRequestMessage(HttpMethod.Get, DirectoryUrl), "directory", ct).ConfigureAwait(false);
        await EnsureSuccessAsync(response, "directory", ct).ConfigureAwait(false);
        _directory = await ReadJsonAsync(response, AcmeJsonContext.Default.AcmeDirectory, "directory", ct).ConfigureAwait(false);
        return _directory;
    }

    /// <summary>Looks the account up by key only (RFC 8555 §7.3.1 onlyReturnExisting); null when there is none.</summary>
    public async Task<AcmeAccount?> FindAccountAsync(CancellationToken ct = default)
    {
        try
        {
            return await AccountRequestAsync(new AcmeAccountResource { OnlyReturnExisting = true }, ct).ConfigureAwait(false);
        }
        catch (AcmeException e) when (e.Problem?.Is("accountDoesNotExist") == true)
        {
            return null;
        }
    }

    /// <summary>Creates the account, or returns the existing one for this key (RFC 8555 §7.3).</summary>
    public Task<AcmeAccount> CreateAccountAsync(IEnumerable<string> contact, bool termsOfServiceAgreed, CancellationToken ct = default) =>
        AccountRequestAsync(new AcmeAccountResource
        {
            Contact = contact.Select(c => c.Contains(':', StringComparison.Ordinal) ? c : "mailto:" + c).ToArray(),
            TermsOfServiceAgreed = termsOfServiceAgreed,
        }, ct);

    /// <summary>Reuses the key's account when the CA knows it, otherwise creates one.</summary>
    public async Task<AcmeAccount> EnsureAccountAsync(IEnumerable<string> contact, CancellationToken ct = default) =>
        await FindAccountAsync(ct).ConfigureAwait(false)
        ?? await CreateAccountAsync(contact, termsOfServiceAgreed: true, ct).ConfigureAwait(false);

    private async Task<AcmeAccount> AccountRequestAsync(AcmeAccountResource body, CancellationToken ct)
    {
        var dir = await GetDirectoryAsync(ct).ConfigureAwait(false);
        var r = await PostAsync(dir.NewAccount, body, AcmeJsonContext.Default.AcmeAccountResource,
            AcmeJsonContext.Default.AcmeAccountResource, "account", useJwk: true, ct).ConfigureAwait(false);
        AccountUrl = r.Location ?? throw new AcmeException("acme: account: the server sent no account URL (Location)");
        return new AcmeAccount(AccountUrl, r.Value.Status ?? "valid", r.Value.Contact ?? []);
    }

    /// <summary>newOrder for the given DNS names (RFC 8555 §7.4); wildcards as <c>*.example.test</c>.</summary>
    public async Task<AcmeOrder> NewOrderAsync(IReadOnlyList<string> names, CancellationToken ct = default)
    {
        var dir = await GetDirectoryAsync(ct).ConfigureAwait(false);
        var r = await PostAsync(dir.NewOrder, new NewOrderRequest(names.Select(AcmeIdentifier.Dns).ToArray()),
            AcmeJsonContext.Default.NewOrderRequest, AcmeJsonContext.Default.AcmeOrder,
            $"order for {names.FirstOrDefault()}", useJwk: false, ct).ConfigureAwait(false);
        return r.Value with { Url = r.Location ?? throw new AcmeException($"acme: order for {names.FirstOrDefault()}: the server sent no order URL") };
    }

    public async Task<AcmeOrder> GetOrderAsync(Uri orderUrl, string? subject = null, CancellationToken ct = default)
    {
        var r = await PostAsGetAsync(orderUrl, AcmeJsonContext.Default.AcmeOrder, subject ?? $"order {orderUrl}", ct).ConfigureAwait(false);
        return r.Value with { Url = orderUrl };
    }

    public async Task<AcmeAuthorization> GetAuthorizationAsync(Uri authorizationUrl, CancellationToken ct = default) =>
        (await PostAsGetAsync(authorizationUrl, AcmeJsonContext.Default.AcmeAuthorization, $"authorization {authorizationUrl}", ct).ConfigureAwait(false)).Value;

    /// <summary>Tells the server the challenge is ready to be validated: POST <c>{}</c> (RFC 8555 §7.5.1).</summary>
    public async Task<AcmeChallenge> RespondToChallengeAsync(Uri challengeUrl, string? subject = null, CancellationToken ct = default) =>
        (await PostAsync(challengeUrl, new EmptyObject(), AcmeJsonContext.Default.EmptyObject, AcmeJsonContext.Default.AcmeChallenge,
            subject ?? $"challenge {challengeUrl}", useJwk: false, ct).ConfigureAwait(false)).Value;

    /// <summary>Polls an authorization until it leaves <c>pending</c> (RFC 8555 §7.5.1), honouring Retry-After.</summary>
    public async Task<AcmeAuthorization> WaitForAuthorizationAsync(Uri authorizationUrl, string subject, CancellationToken ct = default) =>
        await PollAsync(authorizationUrl, AcmeJsonContext.Default.AcmeAuthorization, a => a.Status is not "pending", subject, ct).ConfigureAwait(false);

    /// <summary>Polls an order until it is neither <c>pending</c> nor <c>processing</c> (RFC 8555 §7.4).</summary>
    public async Task<AcmeOrder> WaitForOrderAsync(Uri orderUrl, string subject, CancellationToken ct = default) =>
        (await PollAsync(orderUrl, AcmeJsonContext.Default.AcmeOrder, o => o.Status is not ("pending" or "processing"), subject, ct).ConfigureAwait(false))
        with { Url = orderUrl };

    /// <summary>Sends the CSR (DER) to the order's finalize URL (RFC 8555 §7.4).</summary>
    public async Task<AcmeOrder> FinalizeAsync(AcmeOrder order, byte[] csrDer, string subject, CancellationToken ct = default)
    {
        var url = order.Finalize ?? throw new AcmeException($"acme: {subject}: the order has no finalize URL");
        var r = await PostAsync(url, new FinalizeRequest(System.Buffers.Text.Base64Url.EncodeToString(csrDer)),
            AcmeJsonContext.Default.FinalizeRequest, AcmeJsonContext.Default.AcmeOrder, subject, useJwk: false, ct).ConfigureAwait(false);
        return r.Value with { Url = order.Url };
    }

    /// <summary>Downloads the PEM chain, leaf first (RFC 8555 §7.4.2).</summary>
    public async Task<string> DownloadCertificateAsync(Uri certificateUrl, string subject, CancellationToken ct = default)
    {
        using var response = await PostRawAsync(certificateUrl, "", subject, useJwk: false, PemChain, ct).ConfigureAwait(false);
        return await response.Content.ReadAsStringAsync(ct).ConfigureAwait(false);
    }

    public void Dispose() => _http.Dispose();
}
