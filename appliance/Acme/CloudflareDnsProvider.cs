using System.Net.Http.Headers;
using System.Text.Json;

namespace Hiy.Acme;

/// <summary>
/// dns-01 records through the Cloudflare v4 API: POST and DELETE <c>/zones/{zone_id}/dns_records</c>
/// with a bearer token. Cloudflare's error envelope becomes an <see cref="AcmeException"/> naming the record.
/// </summary>
public sealed class CloudflareDnsProvider : IDnsProvider, IDisposable
{
    private readonly HttpClient _http;
    private readonly CloudflareOptions _options;

    public CloudflareDnsProvider(CloudflareOptions options, HttpMessageHandler handler, bool disposeHandler = true)
    {
        _options = options;
        _http = new HttpClient(handler, disposeHandler) { Timeout = TimeSpan.FromSeconds(30) };
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", options.ApiToken);
    }

    public string Zone => _options.ZoneName;

    public async Task<string> CreateTxtRecordAsync(string name, string value, CancellationToken ct = default)
    {
        var subject = $"cloudflare: create TXT {name} in zone {_options.ZoneName}";
        var body = new CloudflareDnsRecord { Type = "TXT", Name = name, Content = value, Ttl = _options.Ttl };
        using var request = new HttpRequestMessage(HttpMethod.Post, RecordsUrl(null))
        {
            Content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(body, CloudflareJsonContext.Default.CloudflareDnsRecord)),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        var record = await SendAsync(request, subject, ct).ConfigureAwait(false);
        return record?.Id ?? throw new AcmeException($"{subject}: Cloudflare returned no record id");
    }

    public async Task DeleteTxtRecordAsync(string recordId, CancellationToken ct = default)
    {
        using var request = new HttpRequestMessage(HttpMethod.Delete, RecordsUrl(recordId));
        await SendAsync(request, $"cloudflare: delete record {recordId} in zone {_options.ZoneName}", ct).ConfigureAwait(false);
    }

    private Uri RecordsUrl(string? id)
    {
        var url = _options.ApiBase.AbsoluteUri.TrimEnd('/') + "/zones/" + Uri.EscapeDataString(_options.ZoneId) + "/dns_records";
        return new Uri(id is null ? url : url + "/" + Uri.EscapeDataString(id));
    }

    private async Task<CloudflareDnsRecord?> SendAsync(HttpRequestMessage request, string subject, CancellationToken ct)
    {
        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(request, ct).ConfigureAwait(false);
        }
        catch (HttpRequestException e)
        {
            throw new AcmeException($"{subject}: cannot reach {_options.ApiBase.GetLeftPart(UriPartial.Authority)}: {e.Message}", inner: e);
        }
        catch (TaskCanceledException e) when (!ct.IsCancellationRequested)
        {
            throw new AcmeException($"{subject}: Cloudflare did not answer in time", inner: e);
        }
        using (response)
        {
            var bytes = await response.Content.ReadAsByteArrayAsync(ct).ConfigureAwait(false);
            CloudflareEnvelope<CloudflareDnsRecord>? envelope = null;
            try
            {
                envelope = bytes.Length == 0 ? null
                    : JsonSerializer.Deserialize(bytes, CloudflareJsonContext.Default.CloudflareEnvelopeCloudflareDnsRecord);
            }
            catch (JsonException)
            {
                // Not Cloudflare's envelope (a proxy's HTML error page, say): reported below by status.
            }
            if (response.IsSuccessStatusCode && envelope is { Success: true })
                return envelope.Result;
            var errors = envelope?.Errors is { Count: > 0 } list
                ? string.Join("; ", list.Select(e => $"[{e.Code}] {e.Message}"))
                : "no error details";
            throw new AcmeException($"{subject}: {errors} (HTTP {(int)response.StatusCode})", status: response.StatusCode);
        }
    }

    public void Dispose() => _http.Dispose();
}
