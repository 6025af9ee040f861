using System.Text.Json.Serialization;

namespace Hiy.Ops.Alerts;

/// <summary>The webhook's body: the same text under the names ntfy (title, message), Slack (text) and Discord (content) read.</summary>
public sealed record WebhookPayload(string Title, string Message, string Text, string Content);

/// <summary>Telegram Bot API sendMessage (core.telegram.org/bots/api#sendmessage).</summary>
public sealed record TelegramSendMessage(string ChatId, string Text);

/// <summary>The part of a Bot API answer hiy reads: <c>ok</c> and, when false, <c>description</c>.</summary>
public sealed record TelegramAnswer(bool Ok, string? Description);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, PropertyNameCaseInsensitive = true)]
[JsonSerializable(typeof(WebhookPayload))]
[JsonSerializable(typeof(TelegramSendMessage))]
[JsonSerializable(typeof(TelegramAnswer))]
internal sealed partial class AlertsJsonContext : JsonSerializerContext;
