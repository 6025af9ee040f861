using System.Net.Http.Json;

namespace Hiy.Ops.Alerts;

/// <summary>A JSON POST that ntfy, Discord and Slack incoming webhooks each read (<see cref="WebhookPayload"/>).</summary>
public sealed class WebhookChannel(HttpClient http, Uri url) : IAlertChannel
{
    public string Name => "webhook";

    public async Task SendAsync(AlertMessage message, CancellationToken ct)
    {
        var body = new WebhookPayload(message.Title, message.Text, message.Title + "\n" + message.Text, message.Title + "\n" + message.Text);
        HttpResponseMessage response;
        try
        {
            response = await http.PostAsJsonAsync(url, body, AlertsJsonContext.Default.WebhookPayload, ct).ConfigureAwait(false);
        }
        catch (HttpRequestException e)
        {
            // The URL is a secret (Slack and Discord keep theirs in the path): name the host only.
            throw new OpsException($"alert webhook {url.Host}: {e.Message}");
        }
        using (response)
        {
            if (!response.IsSuccessStatusCode)
                throw new OpsException($"alert webhook {url.Host}: answered {(int)response.StatusCode}");
        }
    }
}
