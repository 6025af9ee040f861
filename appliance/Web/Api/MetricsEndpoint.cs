using Hiy.Acme;
using Hiy.Hardware;
using Hiy.Ops;
using Hiy.Proxy;
using Hiy.Runtime;
using Hiy.Store;
using Hiy.Web.Auth;

namespace Hiy.Web.Api;

/// <summary>
/// GET /metrics: the apps, the proxy's counters, builds, certificates, the machine and the UPS in Prometheus' text format.
/// It sits outside /api/v1 (where scrapers look), so it does its own gate: a scraper on <c>metrics_allow</c>, or an API token.
/// The proxy's host split already keeps it to the appliance's own hosts (an app host's /metrics is the app's).
/// </summary>
public sealed class MetricsEndpoint(
    IReadOnlyList<System.Net.IPNetwork> allow,
    TokenAuthenticator tokens,
    AppRepository apps,
    DeployRepository deploys,
    AppStatsReader appStats,
    IContainerEngine engine,
    ProxyModule proxy,
    CertificateManager certificates,
    SystemProbe probe,
    CpuMeter cpu,
    Func<UpsView> ups,
    ILogger<MetricsEndpoint> log)
{
    /// <summary>Upper bounds (seconds) of the build duration histogram: builds on a Pi take from seconds to half an hour.</summary>
    public static readonly double[] BuildBounds = [10, 30, 60, 120, 300, 600, 1200, 1800];

    public async Task GetAsync(HttpContext ctx)
    {
        if (!Allowed(ctx))
        {
            // A scraper without a token is a configuration gap; a wrong token is someone guessing (fail2ban's line).
            if (ctx.Request.Headers.Authorization.Count > 0)
                WebLog.MetricsRefused(log, ClientAddress.Of(ctx));
            ctx.Response.Headers.WWWAuthenticate = "Bearer realm=\"hiy\"";
            await HttpResults.Problem(ctx, 401, "Unauthorized",
                "send Authorization: Bearer <api token>, or scrape from an address listed in metrics_allow");
            return;
        }
        var text = new PrometheusText();
        var all = apps.List();
        await AppsAsync(text, all, ctx.RequestAborted);
        MetricsFamilies.Proxy(text, proxy.Routes.Current.Meters);
        MetricsFamilies.Builds(text, all.SelectMany(a => deploys.List(a.Name)).ToList());
        MetricsFamilies.Certificates(text, certificates.List());
        MetricsFamilies.Host(text, probe.Read(), cpu.Read(), await probe.ThrottlingAsync(ctx.RequestAborted));
        MetricsFamilies.Ups(text, ups());
        ctx.Response.ContentType = PrometheusText.ContentType;
        await ctx.Response.WriteAsync(text.ToString(), ctx.RequestAborted);
    }

    private bool Allowed(HttpContext ctx)
    {
        if (ctx.Connection.RemoteIpAddress is { } remote)
        {
            var address = remote.IsIPv4MappedToIPv6 ? remote.MapToIPv4() : remote;
            foreach (var network in allow)
                if (network.Contains(address))
                    return true;
        }
        return ApiTokens.FromHeader(ctx.Request.Headers.Authorization) is { } token && tokens.Authenticate(token) is not null;
    }

    private async Task AppsAsync(PrometheusText text, IReadOnlyList<AppRecord> all, CancellationToken ct)
    {
        var samples = await appStats.ReadRecentAsync(ct);
        var live = all.Where(a => a.Status == AppStatus.Running && a.CurrentDeployId is not null && a.StaticVersion is null).ToList();
        var restarts = await Task.WhenAll(live.Select(a => RestartsAsync(a, ct)));
        MetricsFamilies.Apps(text, all, samples, live.Zip(restarts).Where(p => p.Second is not null).ToDictionary(p => p.First.Name, p => p.Second!.Value));
    }

    private async Task<int?> RestartsAsync(AppRecord app, CancellationToken ct)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(AppStatsReader.PerContainerTimeout);
        try
        {
            return (await engine.InspectContainerAsync(AppContainerSpec.ContainerName(app.Name, app.CurrentDeployId!.Value), deadline.Token)).RestartCount;
        }
        catch (Exception e) when (e is Hiy.Docker.DockerApiException or OperationCanceledException && !ct.IsCancellationRequested)
        {
            return null; // gone since the list, or dockerd is slow: no figure this scrape
        }
    }
}
