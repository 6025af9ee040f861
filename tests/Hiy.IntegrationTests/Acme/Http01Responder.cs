using System.Net;
using Hiy.Acme;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Hiy.Tests.Acme;

/// <summary>Answers http-01 from an <see cref="Http01ChallengeStore"/> on 127.0.0.1:&lt;Pebble's httpPort&gt;,
/// the way the appliance's port-80 listener will.</summary>
internal sealed class Http01Responder : IAsyncDisposable
{
    private readonly WebApplication _app;

    private Http01Responder(WebApplication app) => _app = app;

    public int Hits;

    public static async Task<Http01Responder> StartAsync(Http01ChallengeStore store, int port)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, port));
        var app = builder.Build();
        var responder = new Http01Responder(app);
        app.Run(async ctx =>
        {
            Interlocked.Increment(ref responder.Hits);
            if (store.TryGetResponse(ctx.Request.Path.Value ?? "", out var keyAuthorization))
            {
                ctx.Response.ContentType = "text/plain";
                await ctx.Response.WriteAsync(keyAuthorization);
                return;
            }
            ctx.Response.StatusCode = 404;
        });
        await app.StartAsync();
        return responder;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
