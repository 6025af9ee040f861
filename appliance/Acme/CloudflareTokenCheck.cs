using System.Net.Http.Headers;
using System.Text.Json;

namespace Hiy.Acme;

/// <summary>What Cloudflare said of a token: <c>ok</c> only when it is <c>active</c>; <c>status</c> is Cloudflare's word or hiy's
/// (<c>invalid</c>: Cloudflare refused it; <c>unreachable</c>: no answer); <c>detail</c> says it in a sentence.</summary>
public sealed record CloudflareTokenStatus(bool Ok, string Status, string Detail);

/// <summary>
/// The wizard's and the settings page's "test this token": Cloudflare's <c>GET /user/tokens/verify</c> with the token as
/// bearer. Every outcome is a value: a refused token and an unreachable Cloudflare are answers to show, not errors.
/// </summary>
public sealed class CloudflareTokenCheck(Uri apiBase, Func<HttpMessageHandler>? handler = null)
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    public async Task<CloudflareTokenStatus> VerifyAsync(string token, CancellationToken ct)
    {
        var url = new Uri(apiBase.AbsoluteUri.TrimEnd('/') + "/user/tokens/verify");
        using var http = new HttpClient(handler?.Invoke() ?? new SocketsHttpHandler(), disposeHandler: true) { Timeout = Timeout };
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, ct).ConfigureAwait(false);
        }
        catch (HttpRequestException e)
        {
            return new CloudflareTokenStatus(false, "unreachable", $"cannot reach {apiBase.GetLeftPart(UriPartial.Authority)}: {e.Message}");
        }
        catch (TaskCanceledException) when (!ct.IsCancellationRequested)
        {
            return new CloudflareTokenStatus(false, "unreachable", $"{apiBase.GetLeftPart(UriPartial.Authority)} did not answer within {Timeout.TotalSeconds:0} s");
        }
        using (response)
        {
            var bytes = await response.Content.ReadAsByteArrayAsync(ct).ConfigureAwait(false);
            CloudflareEnvelope<CloudflareTokenVerification>? envelope = null;
            try
            {
                envelope = bytes.Length == 0 ? null
                    : JsonSerializer.Deserialize(bytes, CloudflareJsonContext.Default.CloudflareEnvelopeCloudflareTokenVerification);
            }
            catch (JsonException)
            {
                // not Cloudflare's envelope (a captive portal, a proxy's error page): said below by status
            }
            return Judge((int)response.StatusCode, envelope);
        }
    }

    /// <summary>The verdict on Cloudflare's answer.</summary>
    public static CloudflareTokenStatus Judge(int httpStatus, CloudflareEnvelope<CloudflareTokenVerification>? envelope)
    {
        if (httpStatus is >= 200 and < 300 && envelope is { Success: true, Result.Status: { } status })
        {
            return status == "active"
                ? new CloudflareTokenStatus(true, status, "Cloudflare accepts the token and it is active")
                : new CloudflareTokenStatus(false, status, $"Cloudflare knows the token but it is {status}");
        }
        var errors = envelope?.Errors is { Count: > 0 } list ? string.Join("; ", list.Select(e => $"[{e.Code}] {e.Message}")) : null;
        return httpStatus is 400 or 401 or 403 || envelope is { Success: false }
            ? new CloudflareTokenStatus(false, "invalid", $"Cloudflare refused the token: {errors ?? "no error details"} (HTTP {httpStatus})")
            : new CloudflareTokenStatus(false, "unreachable", $"Cloudflare answered HTTP {httpStatus} without a verdict{(errors is null ? "" : ": " + errors)}");
    }
}
