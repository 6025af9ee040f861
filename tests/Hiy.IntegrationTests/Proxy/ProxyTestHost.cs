using System.Net;
using System.Net.Sockets;
using Hiy.Proxy;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.DependencyInjection;

namespace Hiy.Tests.Proxy;

/// <summary>
/// hiy's proxy pipeline in a real Kestrel on 127.0.0.1, wired the way <c>hiy serve</c> wires it; the
/// terminal middleware stands in for the control pipeline (dashboard/API) and answers "control".
/// </summary>
internal sealed class ProxyTestHost : IAsyncDisposable
{
    private ProxyTestHost(WebApplication app, ProxyModule module, int httpPort)
    {
        App = app;
        Module = module;
        HttpPort = httpPort;
    }

    public WebApplication App { get; }
    public ProxyModule Module { get; }
    public int HttpPort { get; }
    public int HttpsPort => Module.Options.HttpsPort;

    /// <summary>Starts Kestrel with <paramref name="module"/> configured exactly as <c>hiy serve</c> does it.</summary>
    public static async Task<ProxyTestHost> StartAsync(ProxyModule module)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(module.ConfigureKestrel);
        var app = builder.Build();
        app.Use(module.InvokeAsync);
        app.Run(context => context.Response.WriteAsync("control"));
        await app.StartAsync();
        return new ProxyTestHost(app, module, PortOf(app, "http"));
    }

    /// <summary>An HttpClient that sends every request to this proxy whatever the URL's host, so the URL's host is the Host header and the SNI name.</summary>
    public HttpClient Client(bool https = false) => new(Handler(https ? HttpsPort : HttpPort)) { Timeout = TimeSpan.FromSeconds(30) };

    public static SocketsHttpHandler Handler(int port) => new()
    {
        AllowAutoRedirect = false,
        UseProxy = false,
        AutomaticDecompression = DecompressionMethods.None,
        SslOptions = { RemoteCertificateValidationCallback = (_, _, _, _) => true },
        ConnectCallback = async (_, ct) =>
        {
            var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            await socket.ConnectAsync(IPAddress.Loopback, port, ct);
            return new NetworkStream(socket, ownsSocket: true);
        },
    };

    public static int PortOf(WebApplication app, string scheme)
    {
        var addresses = app.Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        var address = addresses.First(a => a.StartsWith(scheme + "://", StringComparison.Ordinal));
        return new Uri(address).Port;
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        await App.StopAsync();
        await App.DisposeAsync();
        Module.Dispose();
    }
}
