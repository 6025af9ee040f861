using Hiy.Builds;
using System.Buffers;
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

        var body = await ReadCappedAsync(ctx.Request.Body, ctx.RequestAborted);
        if (body is null)
        {
            await TooLarge(ctx);
            return;
        }

        var secret = getSecret();
        var signature = ctx.Request.Headers[GithubSignature.HeaderName].ToString();
        if (string.IsNullOrEmpty(secret) || !GithubSignature.IsValid(body, secret, signature.Length == 0 ? null : signature))
        {
            var reason = string.IsNullOrEmpty(secret) ? "no GitHub webhook secret is configured"
                : signature.Length == 0 ? $"the {GithubSignature.HeaderName} header is missing"
                : $"the {GithubSignature.HeaderName} signature does not match the body";
            WebhookLog.Rejected(logger, ClientAddress.Of(ctx), reason);
            await HttpResults.Problem(ctx, StatusCodes.Status401Unauthorized, "Invalid webhook signature", reason);
            return;
        }

        var delivery = ctx.Request.Headers["X-GitHub-Delivery"].ToString();
        if (delivery.Length > 0 && !recordDelivery(delivery))
        {
            await Accepted(ctx, new WebhookResponse("duplicate", $"delivery {delivery} was already handled", Delivery: delivery));
            return;
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
        foreach (var app in deploy.Apps)
        {
            if (await trigger(app, payload!.Ref!, deploy.Sha, ctx.RequestAborted) is not { Deploy: { } queued })
                continue; // deleted between the decision and now
            ids.Add(queued.Id);
            deployed.Add(app);
            WebhookLog.Deploying(logger, app, deploy.Sha, delivery);
        }
        await Accepted(ctx, new WebhookResponse("deploy", Sha: deploy.Sha, Apps: deployed, DeployIds: ids, Delivery: NullIfEmpty(delivery)));
    }

    /// <summary>The whole body, or null as soon as it passes <see cref="MaxBodyBytes"/>.</summary>
    internal static async Task<byte[]?> ReadCappedAsync(Stream body, CancellationToken ct)
    {
        var buffer = new ArrayBufferWriter<byte>(16 * 1024);
        while (true)
        {
            var memory = buffer.GetMemory(64 * 1024);
            int read;
            try
            {
                read = await body.ReadAsync(memory, ct);
            }
            catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
            {
                return null;
            }
            if (read == 0)
                return buffer.WrittenSpan.ToArray();
            buffer.Advance(read);
            if (buffer.WrittenCount > MaxBodyBytes)
                return null;
        }
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
