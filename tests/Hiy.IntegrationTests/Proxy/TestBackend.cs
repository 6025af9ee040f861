using System.Net;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Hiy.Tests.Proxy;

/// <summary>A real Kestrel app on 127.0.0.1 standing in for an app container behind the proxy.</summary>
internal static class TestBackend
{
    public static async Task<(WebApplication App, int Port)> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.Limits.MaxRequestBodySize = null;
            k.Listen(IPAddress.Loopback, 0);
        });
        var app = builder.Build();
        app.UseWebSockets();
        app.Run(HandleAsync);
        await app.StartAsync();
        return (app, ProxyTestHost.PortOf(app, "http"));
    }

    private static async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        var response = context.Response;
        switch (request.Path.Value)
        {
            case "/ws" when context.WebSockets.IsWebSocketRequest:
            {
                using var socket = await context.WebSockets.AcceptWebSocketAsync();
                var buffer = new byte[4096];
                while (true)
                {
                    var result = await socket.ReceiveAsync(buffer, context.RequestAborted);
                    if (result.MessageType == System.Net.WebSockets.WebSocketMessageType.Close)
                    {
                        await socket.CloseAsync(System.Net.WebSockets.WebSocketCloseStatus.NormalClosure, "bye", CancellationToken.None);
                        return;
                    }
                    await socket.SendAsync(buffer.AsMemory(0, result.Count), result.MessageType, result.EndOfMessage, context.RequestAborted);
                }
            }
            case "/upload":
            {
                long total = 0;
                var buffer = new byte[64 * 1024];
                int read;
                while ((read = await request.Body.ReadAsync(buffer, context.RequestAborted)) > 0)
                    total += read;
                await response.WriteAsync(total.ToString(System.Globalization.CultureInfo.InvariantCulture));
                return;
            }
            case "/download":
            {
                var mb = int.Parse(request.Query["mb"].ToString(), System.Globalization.CultureInfo.InvariantCulture);
                response.ContentType = "application/octet-stream";
                var chunk = new byte[64 * 1024];
                for (var i = 0; i < mb * 16; i++)
                    await response.Body.WriteAsync(chunk, context.RequestAborted);
                return;
            }
            case "/sse":
            {
                response.ContentType = "text/event-stream";
                for (var i = 1; i <= 3; i++)
                {
                    await response.WriteAsync($"data: {i}\n\n");
                    await response.Body.FlushAsync();
                    if (i < 3)
                        await Task.Delay(400);
                }
                return;
            }
            case "/expect":
            {
                // Reading the body is what makes Kestrel send "100 Continue" back up the chain.
                using var reader = new StreamReader(request.Body);
                var body = await reader.ReadToEndAsync(context.RequestAborted);
                await response.WriteAsync($"expect: {request.Headers.Expect}\nbody: {body.Length}\n");
                return;
            }
            case "/stall-body":
                // Headers and a first chunk, then silence longer than the proxy's activity timeout.
                await response.WriteAsync("first\n");
                await response.Body.FlushAsync();
                await Task.Delay(TimeSpan.FromSeconds(5), context.RequestAborted);
                await response.WriteAsync("late\n");
                return;
            case "/slow":
                await Task.Delay(TimeSpan.FromSeconds(5), context.RequestAborted);
                await response.WriteAsync("late");
                return;
            default:
            {
                // Echo what the app saw, one "name: value" per line.
                var text = new StringBuilder();
                text.Append("method: ").Append(request.Method).Append('\n');
                text.Append("target: ").Append(context.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpRequestFeature>()!.RawTarget).Append('\n');
                foreach (var (name, value) in request.Headers)
                    text.Append(name.ToLowerInvariant()).Append(": ").Append(value.ToString()).Append('\n');
                response.Headers["X-Backend"] = "yes";
                response.Headers["Connection"] = "X-Hop";
                response.Headers["X-Hop"] = "must-not-pass";
                await response.WriteAsync(text.ToString());
                return;
            }
        }
    }
}
