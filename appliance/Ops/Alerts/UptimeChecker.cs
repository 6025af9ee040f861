using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Hiy.Store;

namespace Hiy.Ops.Alerts;

/// <summary>
/// One HTTP GET of <c>/</c> per app that should be serving, through hiy's own proxy as a visitor reaches it: the URL names
/// <c>&lt;app&gt;.&lt;domain&gt;</c> (so TLS sends that SNI name and the proxy routes by it) while every connection goes to
/// the proxy's own listener. An answer below 500 is up (the app answers; a 404 on / is its business); a 5xx — also hiy's
/// own 502/503 pages — or no answer within <see cref="Timeout"/> is down.
/// </summary>
public sealed class UptimeChecker : IDisposable
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    private readonly HttpClient _http;
    private readonly Func<(string Scheme, IPEndPoint Proxy)> _proxy;
    private readonly TimeProvider _time;

    public UptimeChecker(Func<(string Scheme, IPEndPoint Proxy)> proxy, TimeProvider time)
    {
        _proxy = proxy;
        _time = time;
        _http = new HttpClient(new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseCookies = false,
            UseProxy = false,
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            ConnectCallback = async (_, ct) =>
            {
                var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    await socket.ConnectAsync(_proxy().Proxy, ct).ConfigureAwait(false);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
            // The check is whether the app answers; its certificate is the renewal alert's concern, and a fresh appliance
            // serves its self-signed fallback.
            SslOptions = { RemoteCertificateValidationCallback = static (_, _, _, _) => true },
        })
        {
            Timeout = Timeout,
        };
    }

    /// <summary>The apps whose checks count: deployed and not stopped by their owner (a crashed app is the point).</summary>
    public static IReadOnlyList<AppRecord> Checked(IReadOnlyList<AppRecord> apps) =>
        apps.Where(a => a.CurrentDeployId is not null && a.Status is not (AppStatus.Stopped or AppStatus.Created)).ToList();

    public async Task<IReadOnlyList<UptimeCheck>> CheckAsync(IReadOnlyList<AppRecord> apps, string domain, CancellationToken ct) =>
        await Task.WhenAll(Checked(apps).Select(a => CheckOneAsync(a.Name, domain, ct))).ConfigureAwait(false);

    private async Task<UptimeCheck> CheckOneAsync(string app, string domain, CancellationToken ct)
    {
        var (scheme, proxy) = _proxy();
        var url = new Uri($"{scheme}://{app}.{domain}:{proxy.Port}/");
        var at = _time.GetUtcNow();
        var started = Stopwatch.GetTimestamp();
        try
        {
            using var response = await _http.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, ct).ConfigureAwait(false);
            var status = (int)response.StatusCode;
            return new UptimeCheck(app, at, status, status < 500, Stopwatch.GetElapsedTime(started).TotalMilliseconds,
                status < 500 ? null : "answered " + status);
        }
        catch (Exception e) when (e is HttpRequestException || e is TaskCanceledException && !ct.IsCancellationRequested)
        {
            return new UptimeCheck(app, at, 0, false, Stopwatch.GetElapsedTime(started).TotalMilliseconds,
                e is TaskCanceledException ? $"no answer within {Timeout.TotalSeconds:0} s" : e.Message);
        }
    }

    public void Dispose() => _http.Dispose();
}
