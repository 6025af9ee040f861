using System.Net;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Logging;

namespace Hiy.Proxy;

/// <summary>
/// The proxy assembled, for <c>hiy serve</c>: owns the route table, the certificate store, the HTTP-01
/// responder and the pipeline. Other modules push snapshots in through <see cref="UpdateRoutes"/>,
/// <see cref="UpdateCertificates"/> and <see cref="Challenges"/>; the proxy itself never reads the Store
/// or calls the CA (DESIGN.md rule 1).
/// </summary>
public sealed class ProxyModule : IDisposable
{
    private readonly AppForwarder _forwarder;
    private readonly ProxyMeters _meters = new();

    public ProxyModule(ProxyOptions options, string domain, X509Certificate2 fallbackCertificate, ILogger logger, TimeProvider time)
    {
        Options = options;
        FallbackCertificate = fallbackCertificate;
        Routes = new RouteTableHolder(RouteTable.Build(WithControlHosts(new RouteInputs(domain, [], [])), _meters));
        Certificates = new CertificateStore(CertificateMap.Build(fallbackCertificate, []));
        Challenges = new ChallengeResponder();
        _forwarder = new AppForwarder(options, logger, time);
        Pipeline = new ProxyPipeline(Routes, Certificates, Challenges, _forwarder, new StaticSiteServer(options, logger), options, logger, time);
    }

    /// <summary>
    /// Builds the module with the fallback certificate loaded from, or first created at,
    /// <paramref name="fallbackPfxPath"/> (e.g. <c>&lt;data_dir&gt;/tls/fallback.pfx</c>).
    /// </summary>
    public static ProxyModule Create(ProxyOptions options, string domain, string fallbackPfxPath, ILogger logger, TimeProvider time)
    {
        var fallback = Hiy.Proxy.FallbackCertificate.LoadOrCreate(fallbackPfxPath, time, out var created);
        if (created)
            ProxyLog.FallbackCreated(logger, fallbackPfxPath);
        return new ProxyModule(options, domain, fallback, logger, time);
    }

    public ProxyOptions Options { get; }
    public X509Certificate2 FallbackCertificate { get; }
    public RouteTableHolder Routes { get; }
    public CertificateStore Certificates { get; }
    public ChallengeResponder Challenges { get; }
    public ProxyPipeline Pipeline { get; }

    /// <summary>Rebuilds and swaps the route table; returns the hosts that could not be claimed.</summary>
    public IReadOnlyList<string> UpdateRoutes(RouteInputs inputs)
    {
        var table = RouteTable.Build(WithControlHosts(inputs), _meters);
        Routes.Update(table);
        _meters.Retain(table.Meters);
        return table.Conflicts;
    }

    /// <summary>The configured control names plus this machine's own (its mDNS name is the owner's, not a rebinding page's).</summary>
    private RouteInputs WithControlHosts(RouteInputs inputs)
    {
        var machine = Environment.MachineName.ToLowerInvariant();
        return inputs with { ControlHosts = [.. inputs.ControlHosts ?? [], .. Options.ControlHosts, machine, machine + ".local"] };
    }

    /// <summary>Rebuilds and swaps the certificate map (oldest first: a later certificate for a name wins).</summary>
    public void UpdateCertificates(IEnumerable<CertificateInput> certificates) =>
        Certificates.Update(CertificateMap.Build(FallbackCertificate, certificates));

    /// <summary>Limits plus the listeners: HTTP on <see cref="ProxyOptions.HttpPort"/>, HTTPS (SNI, h2) on <see cref="ProxyOptions.HttpsPort"/> unless 0.</summary>
    public void ConfigureKestrel(KestrelServerOptions kestrel)
    {
        ProxyKestrel.ApplyLimits(kestrel, Options);
        var address = Options.Bind is { Length: > 0 } bind ? IPAddress.Parse(bind) : null;
        Listen(kestrel, address, Options.HttpPort, null);
        if (Options.HttpsPort > 0)
            Listen(kestrel, address, Options.HttpsPort, listen => listen.UseHiyHttps(Certificates));
    }

    private static void Listen(KestrelServerOptions kestrel, IPAddress? address, int port, Action<ListenOptions>? configure)
    {
        configure ??= _ => { };
        if (address is null)
            kestrel.ListenAnyIP(port, configure);
        else
            kestrel.Listen(address, port, configure);
    }

    /// <summary>The middleware: <c>app.Use(proxy.InvokeAsync)</c>, first, before the control pipeline.</summary>
    public Task InvokeAsync(HttpContext context, RequestDelegate next) => Pipeline.InvokeAsync(context, next);

    public void Dispose() => _forwarder.Dispose();
}
