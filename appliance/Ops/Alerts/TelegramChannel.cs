using System.Net.Http.Json;

namespace Hiy.Ops.Alerts;

/// <summary>Telegram's Bot API: <c>POST {base}/bot&lt;token&gt;/sendMessage</c> with the chat and the text.</summary>
public sealed class TelegramChannel(HttpClient http, Uri baseUrl, string token, string chatId) : IAlertChannel
{
    public string Name => "telegram";

    public async Task SendAsync(AlertMessage message, CancellationToken ct)
    {
        var url = new Uri(baseUrl.AbsoluteUri.TrimEnd('/') + "/bot" + token + "/sendMessage");
        try
        {
            using var response = await http.PostAsJsonAsync(url, new TelegramSendMessage(chatId, message.Title + "\n" + message.Text),
                AlertsJsonContext.Default.TelegramSendMessage, ct).ConfigureAwait(false);
            var answer = response.Content.Headers.ContentType?.MediaType == "application/json"
                ? await response.Content.ReadFromJsonAsync(AlertsJsonContext.Default.TelegramAnswer, ct).ConfigureAwait(false)
                : null;
            if (!response.IsSuccessStatusCode || answer is not { Ok: true })
                throw new OpsException($"telegram {baseUrl.Host}: answered {(int)response.StatusCode} {answer?.Description ?? ""}".TrimEnd());
        }
        catch (Exception e) when (e is HttpRequestException or System.Text.Json.JsonException)
        {
            // Never the URL: it carries the bot token.
            throw new OpsException($"telegram {baseUrl.Host}: {e.Message.Replace(token, "<token>", StringComparison.Ordinal)}");
        }
    }
}
