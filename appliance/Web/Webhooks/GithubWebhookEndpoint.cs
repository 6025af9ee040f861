using Hiy.Builds;
using System.Buffers;
using System.Security.Cryptography;
using System.Text.Json;
using Hiy.Store;
using Microsoft.AspNetCore.Http.Features;

namespace Hiy.Web.Webhooks;

/// <summary>
/// <c>POST /hooks/github</c> (API.md "Triggers"): checks the signature of the raw body, dedupes on
/// <c>X-GitHub-Delivery</c>, decides with <see cref="WebhookDecider"/>, enqueues, and answers 202 at
/// once with a small JSON body saying what it did (GitHub shows it under "Recent deliveries").
/// </summary>
/// <param name="getSecret">The webhook secret, or null when none is configured (then every delivery is 401).</param>
/// <param name="listApps">Every app (matched by repo URL and branch).</param>
/// <param name="trigger">(app, ref, sha) → what the shared trigger rule did for that app (null: the app is gone).</param>
/// <param name="recordDelivery">Remembers a delivery id; false when it was already seen.</param>
public sealed class GithubWebhookEndpoint(
    Func<string?> getSecret,
    Func<CancellationToken, Task<IReadOnlyList<AppRecord>>> listApps,
    Func<string, string, string, CancellationToken, Task<TriggerOutcome?>> trigger,
    Func<string, bool> recordDelivery,
    ILogger<GithubWebhookEndpoint> logger)
{
    /// <summary>GitHub caps payloads at 25 MB ("Webhook events and payloads"); anything longer is not from it.</summary>
    public const int MaxBodyBytes = 25_000_000;

    /// <summary>
    /// Webhook bodies read at once; a request past them waits up to <see cref="BodyWait"/>, then gets 503. 20 parallel
    /// 24 MB bodies with a bad signature took hiy from 144 MB to 1.5 GB (issue 13 item 1).
    /// </summary>
    public const int MaxConcurrentBodies = 2;
    private static readonly TimeSpan BodyWait = TimeSpan.FromSeconds(10);
    private const int ChunkBytes = 64 * 1024; // below the large-object heap: freed chunks are compacted, RSS comes back
    private readonly SemaphoreSlim _bodies = new(MaxConcurrentBodies, MaxConcurrentBodies);

    public async Task HandleAsync(HttpContext ctx)
    {
        if (ctx.Request.ContentLength > MaxBodyBytes)
        {
            await TooLarge(ctx);
            return;
        }
        // Our own cap is the one that answers; Kestrel's default (30 MB) would only cut the connection.
        if (ctx.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
            size.MaxRequestBodySize = MaxBodyBytes + 1L;

        var secret = getSecret();
        var signature = ctx.Request.Headers[GithubSignature.HeaderName].ToString();
        var given = new byte[HMACSHA256.HashSizeInBytes];
        if (string.IsNullOrEmpty(secret) || !GithubSignature.TryParse(signature.Length == 0 ? null : signature, given))
        {
            // Decided from the headers alone: no byte of the body is read for a request that cannot be signed.
            var reason = string.IsNullOrEmpty(secret) ? "no GitHub webhook secret is configured"
                : signature.Length == 0 ? $"the {GithubSignature.HeaderName} header is missing"
                : $"the {GithubSignature.HeaderName} header is not sha256=<64 hex digits>";
            await RejectAsync(ctx, reason);
            return;
        }
        if (!await _bodies.WaitAsync(BodyWait, ctx.RequestAborted))
        {
            ctx.Response.Headers.Connection = "close";
            ctx.Response.Headers.RetryAfter = "10";
            await HttpResults.Problem(ctx, StatusCodes.Status503ServiceUnavailable, "Busy",
                $"{MaxConcurrentBodies} webhook bodies are being read already; GitHub retries a failed delivery");
            return;
        }
        byte[]? body;
        bool signed;
        try
        {
            (body, signed) = await ReadVerifiedAsync(ctx.Request.Body, secret, given, ctx.RequestAborted);
        }
        finally
        {
            _bodies.Release();
        }
        if (body is null)
        {
            await TooLarge(ctx);
            return;
        }
        if (!signed)
        {
            await RejectAsync(ctx, $"the {GithubSignature.HeaderName} signature does not match the body");
            return;
        }

        var delivery = ctx.Request.Headers["X-GitHub-Delivery"].ToString();
        if (delivery.Length > 0 && !recordDelivery(delivery))
        {
            await Accepted(ctx, new WebhookResponse("duplicate", $"delivery {delivery} was already handled", Delivery: delivery));
            return;
        }
        // A captured signed body replayed under a new or no delivery id is the same delivery (issue 13 item 8).
        var bodyKey = "sha256:" + Convert.ToHexStringLower(SHA256.HashData(body!));
        if (!recordDelivery(bodyKey))
        {
            await Accepted(ctx, new WebhookResponse("duplicate", "this signed body was already handled", Delivery: NullIfEmpty(delivery)));
            return;
        }
        // GitHub's "application/x-www-form-urlencoded" option: the JSON is the payload= field; the signature covers the raw form.
        if (ctx.Request.ContentType?.StartsWith("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase) == true)
        {
            if (FormPayload(body!) is not { } json)
            {
                await HttpResults.Problem(ctx, StatusCodes.Status400BadRequest, "Invalid push payload",
                    "a form-encoded delivery must carry the JSON in its payload field",
                    new Dictionary<string, string> { ["payload"] = "is required" });
                return;
            }
            body = json;
        }

        var eventType = ctx.Request.Headers["X-GitHub-Event"].ToString();
        GithubPushEvent? payload = null;
        if (eventType == "push")
        {
            try
            {
                payload = JsonSerializer.Deserialize(body, GithubJsonContext.Default.GithubPushEvent);
            }
            catch (JsonException e)
            {
                await HttpResults.Problem(ctx, StatusCodes.Status400BadRequest, "Invalid push payload",
                    $"the body is not a GitHub push event: {e.Message}");
                return;
            }
        }

        var apps = await listApps(ctx.RequestAborted);
        var decision = WebhookDecider.Decide(eventType.Length == 0 ? null : eventType, payload, apps);
        if (decision is IgnoreDecision ignore)
        {
            WebhookLog.Ignored(logger, delivery, ignore.Reason);
            await Accepted(ctx, new WebhookResponse("ignored", ignore.Reason, Delivery: NullIfEmpty(delivery)));
            return;
        }
        var deploy = (DeployDecision)decision;
        var ids = new List<long>();
        var deployed = new List<string>();
        var declined = new List<string>();
        foreach (var app in deploy.Apps)
        {
            var outcome = await trigger(app, payload!.Ref!, deploy.Sha, ctx.RequestAborted);
            if (outcome is not { Deploy: { } queued })
            {
                // Deleted between the decision and now, or the app's own history says no (already at this commit).
                if (outcome is { Decision.Deploy: false } no)
                    declined.Add(no.Decision.Reason);
                continue;
            }
            ids.Add(queued.Id);
            deployed.Add(app);
            WebhookLog.Deploying(logger, app, deploy.Sha, delivery);
        }
        if (deployed.Count == 0 && declined.Count > 0)
        {
            var reason = string.Join("; ", declined);
            WebhookLog.Ignored(logger, delivery, reason);
            await Accepted(ctx, new WebhookResponse("ignored", reason, Delivery: NullIfEmpty(delivery)));
            return;
        }
        await Accepted(ctx, new WebhookResponse("deploy", Sha: deploy.Sha, Apps: deployed, DeployIds: ids, Delivery: NullIfEmpty(delivery)));
    }

    private async Task RejectAsync(HttpContext ctx, string reason)
    {
        WebhookLog.Rejected(logger, ClientAddress.Of(ctx), reason);
        ctx.Response.Headers.Connection = "close"; // not worth draining an unsigned body for a keep-alive
        await HttpResults.Problem(ctx, StatusCodes.Status401Unauthorized, "Invalid webhook signature", reason);
    }

    /// <summary>
    /// Reads the body in pooled 64 KB chunks while hashing it; only a body whose HMAC matches is copied out whole.
    /// (null, false): over <see cref="MaxBodyBytes"/>; (empty, false): the signature does not match; (body, true): signed.
    /// </summary>
    internal static async Task<(byte[]? Body, bool Signed)> ReadVerifiedAsync(Stream body, string secret, byte[] given, CancellationToken ct)
    {
        using var hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, System.Text.Encoding.UTF8.GetBytes(secret));
        var chunks = new List<(byte[] Buffer, int Length)>();
        long total = 0;
        try
        {
            while (true)
            {
                var chunk = ArrayPool<byte>.Shared.Rent(ChunkBytes);
                var filled = 0;
                try
                {
                    while (filled < ChunkBytes)
                    {
                        var read = await body.ReadAsync(chunk.AsMemory(filled, ChunkBytes - filled), ct);
                        if (read == 0)
                            break;
                        filled += read;
                    }
                }
                catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
                {
                    ArrayPool<byte>.Shared.Return(chunk);
                    return (null, false);
                }
                catch
                {
                    ArrayPool<byte>.Shared.Return(chunk);
                    throw;
                }
                chunks.Add((chunk, filled));
                hmac.AppendData(chunk, 0, filled);
                total += filled;
                if (total > MaxBodyBytes)
                    return (null, false);
                if (filled < ChunkBytes)
                    break;
            }
            Span<byte> expected = stackalloc byte[HMACSHA256.HashSizeInBytes];
            hmac.GetHashAndReset(expected);
            if (!CryptographicOperations.FixedTimeEquals(expected, given))
                return ([], false);
            var whole = new byte[total];
            var at = 0;
            foreach (var (buffer, length) in chunks)
            {
                buffer.AsSpan(0, length).CopyTo(whole.AsSpan(at));
                at += length;
            }
            return (whole, true);
        }
        finally
        {
            foreach (var (buffer, _) in chunks)
                ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>The URL-decoded <c>payload</c> field of a form body, as UTF-8 JSON; null when absent.</summary>
    internal static byte[]? FormPayload(byte[] form)
    {
        foreach (var pair in System.Text.Encoding.UTF8.GetString(form).Split('&'))
        {
            var eq = pair.IndexOf('=');
            if (eq > 0 && pair.AsSpan(0, eq).SequenceEqual("payload"))
                return System.Text.Encoding.UTF8.GetBytes(System.Net.WebUtility.UrlDecode(pair[(eq + 1)..]));
        }
        return null;
    }

    private static Task TooLarge(HttpContext ctx)
    {
        // The client may still be sending: close after answering rather than draining 25 MB more.
        ctx.Response.Headers.Connection = "close";
        return HttpResults.Problem(ctx, StatusCodes.Status413PayloadTooLarge, "Payload too large",
            $"a webhook body may be at most {MaxBodyBytes} bytes");
    }

    private static Task Accepted(HttpContext ctx, WebhookResponse response) =>
        HttpResults.Json(ctx, response, GithubJsonContext.Default.WebhookResponse, StatusCodes.Status202Accepted);

    private static string? NullIfEmpty(string s) => s.Length == 0 ? null : s;
}
