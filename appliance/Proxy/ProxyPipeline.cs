using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;

namespace Hiy.Proxy;

/// <summary>
/// The proxy's request entry point, placed first in Kestrel's pipeline: HTTP-01 challenges, HTTP→HTTPS
/// redirects, HSTS, then the host split. App and site hosts are answered here; control hosts go to
/// <c>next</c> (the dashboard, API, webhooks and git).
/// </summary>
public sealed class ProxyPipeline(
    RouteTableHolder routes,
    CertificateStore? certificates,
    ChallengeResponder challenges,
    AppForwarder forwarder,
    StaticSiteServer sites,
    ProxyOptions options,
    ILogger logger,
    TimeProvider time)
{
    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        var request = context.Request;
        if (!request.IsHttps && await challenges.TryAnswerAsync(context))
            return;

        // The raw header: Request.Host decodes punycode into Unicode (so "xn--bcher-kva.example" would miss its route)
        // and throws on an invalid "xn--" label, which made a stack-traced 500 of a client's bad Host (issue 13 item 3).
        var rawHost = request.Headers.Host.ToString();
        if (rawHost.Contains("xn--", StringComparison.OrdinalIgnoreCase) && !PunycodeIsValid(request))
        {
            ProxyLog.BadHost(logger, rawHost);
            await ErrorPages.WriteAsync(context, StatusCodes.Status400BadRequest, "Bad request", "The Host header is not a valid host name.");
            return;
        }
        var match = routes.Current.Lookup(rawHost);
        var realCertificate = certificates is not null && options.HttpsPort > 0 && match.Host.Length > 0
            && certificates.Current.HasRealCertificate(match.Host);
        if (realCertificate && !request.IsHttps)
        {
            // 308 keeps the method and body (RFC 9110 §15.4.9), unlike 301 for a POST.
            var port = options.HttpsPort == 443 ? "" : ":" + options.HttpsPort.ToString(System.Globalization.CultureInfo.InvariantCulture);
            context.Response.StatusCode = StatusCodes.Status308PermanentRedirect;
            context.Response.Headers.Location = "https://" + match.Host + port + request.PathBase + request.Path + request.QueryString;
            context.Response.ContentLength = 0;
            return;
        }
        if (realCertificate)
            context.Response.Headers.StrictTransportSecurity = "max-age=" + ((long)options.HstsMaxAge.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture);

        if (match.Kind == RouteKind.Control)
        {
            await next(context);
            return;
        }

        var started = time.GetTimestamp();
        var upstreamStatus = 0;
        switch (match.Kind)
        {
            case RouteKind.App when match.App!.Port is { } appPort:
                var limit = context.Features.Get<IHttpMaxRequestBodySizeFeature>();
                if (limit is { IsReadOnly: false })
                    limit.MaxRequestBodySize = options.MaxAppRequestBodySize;
                upstreamStatus = await forwarder.ForwardAsync(context, match.App.App, appPort);
                break;
            case RouteKind.App:
                await ErrorPages.UnavailableAsync(context, match.App!.App, match.App.Down ?? AppDown.Starting);
                break;
            case RouteKind.Site:
                await sites.ServeAsync(context, match.Site!);
                break;
            default:
                await ErrorPages.NoSuchAppAsync(context, match.Label ?? match.Host);
                break;
        }
        var elapsed = time.GetElapsedTime(started);
        // Preallocated per route: a request adds to its route's counters and allocates nothing for GET /metrics.
        match.Meter?.Record(context.Response.StatusCode, elapsed);
        if (logger.IsEnabled(LogLevel.Information))
            ProxyLog.Access(logger, request.Method, match.Host, request.Path.Value ?? "/", context.Response.StatusCode, upstreamStatus, elapsed.TotalMilliseconds);
    }

    /// <summary>Whether ASP.NET Core can decode the Host (later code reads <c>Request.Host</c>, which throws on a bad "xn--" label).</summary>
    private static bool PunycodeIsValid(HttpRequest request)
    {
        try
        {
            _ = request.Host.Value;
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
