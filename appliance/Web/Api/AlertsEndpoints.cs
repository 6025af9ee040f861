using Hiy.Ops.Alerts;
using Hiy.Store;

namespace Hiy.Web.Api;

/// <summary>/api/v1/alerts (channels, a test message, incidents) and /api/v1/apps/{app}/uptime.</summary>
public sealed class AlertsEndpoints(
    AlertSettingsStore store,
    AlertMonitor monitor,
    IncidentRepository incidents,
    UptimeRepository uptime,
    AppsEndpoints appsApi,
    TimeProvider time,
    ILogger<AlertsEndpoints> log)
{
    public const int DefaultChecks = 100;
    public const int MaxChecks = 2880;

    public Task GetSettingsAsync(HttpContext ctx) => HttpResults.Json(ctx, View(store.Load()), ApiJsonContext.Default.AlertSettingsView);

    public async Task PutSettingsAsync(HttpContext ctx)
    {
        var body = await JsonBody.ReadAsync(ctx, ApiJsonContext.Default.AlertSettingsRequest);
        if (!body.Ok)
            return;
        var (next, errors) = AlertSettingsPatch.Apply(store.Load(), body.Value!);
        if (errors.Count > 0)
        {
            await HttpResults.Invalid(ctx, 422, "Invalid alert settings", errors);
            return;
        }
        store.Save(next);
        WebLog.AlertSettingsChanged(log, ClientAddress.Of(ctx));
        await HttpResults.Json(ctx, View(next), ApiJsonContext.Default.AlertSettingsView);
    }

    public async Task TestAsync(HttpContext ctx)
    {
        var results = await monitor.TestAsync(ctx.RequestAborted);
        if (results.Count == 0)
        {
            await HttpResults.Problem(ctx, 409, "No alert channel", "configure a webhook, Telegram or e-mail first (PUT /api/v1/alerts/settings)");
            return;
        }
        await HttpResults.Json(ctx, new AlertTestView(results.Select(r => new ChannelTestView(r.Channel, r.Ok, r.Error)).ToList()),
            ApiJsonContext.Default.AlertTestView);
    }

    public Task IncidentsAsync(HttpContext ctx) => HttpResults.Json(ctx,
        new IncidentListView(incidents.Open().Select(View).ToList(), incidents.Recent(50).Select(View).ToList()),
        ApiJsonContext.Default.IncidentListView);

    public async Task UptimeAsync(HttpContext ctx)
    {
        if (await appsApi.FindAsync(ctx) is not { } app)
            return;
        var raw = ctx.Request.Query["limit"];
        var limit = DefaultChecks;
        if (raw.Count > 0 && (raw.Count > 1 || !int.TryParse(raw.ToString(), System.Globalization.NumberStyles.None,
                System.Globalization.CultureInfo.InvariantCulture, out limit) || limit is < 1 or > MaxChecks))
        {
            await HttpResults.Problem(ctx, 400, "Bad request", $"limit must be a whole number from 1 to {MaxChecks}",
                new Dictionary<string, string> { ["limit"] = $"must be 1–{MaxChecks}" });
            return;
        }
        var now = time.GetUtcNow();
        var view = new UptimeView(app.Name, Round(uptime.UptimePercent(app.Name, now - TimeSpan.FromHours(24))),
            Round(uptime.UptimePercent(app.Name, now - TimeSpan.FromDays(7))),
            uptime.Recent(app.Name, limit).Select(c => new UptimeCheckView(c.At, c.Status, c.Up, Math.Round(c.LatencyMs, 1), c.Error)).ToList());
        await HttpResults.Json(ctx, view, ApiJsonContext.Default.UptimeView);
    }

    private static double? Round(double? percent) => percent is { } p ? Math.Round(p, 2) : null;

    private static IncidentView View(Incident i) => new(i.Id, i.Kind, i.Subject, i.Message, i.OpenedAt, i.ResolvedAt);

    private static AlertSettingsView View(AlertSettings s) => new(
        new WebhookChannelView(s.WebhookConfigured, Uri.TryCreate(s.WebhookUrl, UriKind.Absolute, out var u) ? u.Host : null),
        new TelegramChannelView(s.TelegramConfigured, s.TelegramBaseUrl, s.TelegramChatId, !string.IsNullOrEmpty(s.TelegramToken)),
        new EmailChannelView(s.SmtpConfigured, s.SmtpHost, s.SmtpPort, s.SmtpSecurity, s.SmtpFrom, s.SmtpTo, s.SmtpUsername,
            !string.IsNullOrEmpty(s.SmtpPassword)));
}
