using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Hiy.Tests.Ops.Alerts;

/// <summary>
/// A real HTTP server on 127.0.0.1 (Kestrel, a free port) that records every request's method, path and body and answers
/// what <see cref="Answer"/> says: the webhook receiver, the Telegram-API-shaped server, or the "proxy" an uptime check hits.
/// </summary>
public sealed class HttpReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;

    private HttpReceiver(WebApplication app, Uri url)
    {
        _app = app;
        Url = url;
    }

    public sealed record Request(string Method, string Path, string Host, string Body);

    public Uri Url { get; }
    public int Port => Url.Port;
    public ConcurrentQueue<Request> Requests { get; } = new();

    /// <summary>Status, content type and body for the next requests.</summary>
    public volatile Func<Request, (int Status, string ContentType, string Body)> Answer = _ => (200, "text/plain", "ok");

    public static async Task<HttpReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        HttpReceiver? receiver = null;
        app.Run(async ctx =>
        {
            using var reader = new StreamReader(ctx.Request.Body);
            var request = new Request(ctx.Request.Method, ctx.Request.Path.Value ?? "/", ctx.Request.Headers.Host.ToString(), await reader.ReadToEndAsync());
            receiver!.Requests.Enqueue(request);
            var (status, type, body) = receiver.Answer(request);
            ctx.Response.StatusCode = status;
            ctx.Response.ContentType = type;
            await ctx.Response.WriteAsync(body);
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        receiver = new HttpReceiver(app, new Uri(address));
        return receiver;
    }

    public ValueTask DisposeAsync() => _app.DisposeAsync();
}
