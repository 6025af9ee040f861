using System.Text.Json.Serialization;

namespace Hiy.Web.Api;

/// <summary>GET|PUT /api/v1/alerts/settings: each channel's settings; a secret only as "is it set".</summary>
public sealed record AlertSettingsView(WebhookChannelView Webhook, TelegramChannelView Telegram, EmailChannelView Email);

/// <summary>The webhook's URL is a secret (Slack and Discord keep theirs in the path): only its host is shown.</summary>
public sealed record WebhookChannelView(bool Configured, [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? Host);

public sealed record TelegramChannelView(
    bool Configured,
    string BaseUrl,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? ChatId,
    bool TokenConfigured);

public sealed record EmailChannelView(
    bool Configured,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? Host,
    int Port,
    string Security,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? From,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? To,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? Username,
    bool PasswordConfigured);

/// <summary>PUT /api/v1/alerts/settings: absent channels and fields stay; <c>""</c> clears a field.</summary>
public sealed record AlertSettingsRequest
{
    public WebhookSettingsRequest? Webhook { get; init; }
    public TelegramSettingsRequest? Telegram { get; init; }
    public EmailSettingsRequest? Email { get; init; }
}

public sealed record WebhookSettingsRequest
{
    public string? Url { get; init; }
}

public sealed record TelegramSettingsRequest
{
    public string? BaseUrl { get; init; }
    public string? Token { get; init; }
    public string? ChatId { get; init; }
}

public sealed record EmailSettingsRequest
{
    public string? Host { get; init; }
    public int? Port { get; init; }
    public string? Security { get; init; }
    public string? From { get; init; }
    public string? To { get; init; }
    public string? Username { get; init; }
    public string? Password { get; init; }
}

/// <summary>POST /api/v1/alerts/test: one result per configured channel.</summary>
public sealed record AlertTestView(IReadOnlyList<ChannelTestView> Results);

public sealed record ChannelTestView(string Channel, bool Ok, [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? Error);

/// <summary>GET /api/v1/alerts/incidents: the open ones and the last 50.</summary>
public sealed record IncidentListView(IReadOnlyList<IncidentView> Open, IReadOnlyList<IncidentView> Recent);

public sealed record IncidentView(
    long Id,
    string Kind,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? Subject,
    string Message,
    DateTimeOffset OpenedAt,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] DateTimeOffset? ResolvedAt);

/// <summary>GET /api/v1/apps/{app}/uptime: the share of checks that passed over 24 h and 7 d (null: no checks), and the last checks.</summary>
public sealed record UptimeView(
    string App,
    [property: JsonPropertyName("uptime_24h_percent"), JsonIgnore(Condition = JsonIgnoreCondition.Never)] double? Uptime24hPercent,
    [property: JsonPropertyName("uptime_7d_percent"), JsonIgnore(Condition = JsonIgnoreCondition.Never)] double? Uptime7dPercent,
    IReadOnlyList<UptimeCheckView> Checks);

public sealed record UptimeCheckView(DateTimeOffset At, int Status, bool Up, double LatencyMs,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? Error);
