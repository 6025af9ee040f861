using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Hiy.Tests.Acme;

/// <summary>
/// A local stand-in for Cloudflare's v4 dns_records API (POST and DELETE), on 127.0.0.1:0. It checks
/// the bearer token and zone id like Cloudflare does, answers in Cloudflare's envelope, and relays
/// TXT records to pebble-challtestsrv, which is the DNS Pebble validates against.
/// </summary>
internal sealed class FakeCloudflare : IAsyncDisposable
{
    public const string Token = "test-token-7f3a";
    public const string ZoneId = "023e105f4ecef8ad9ca31a8372d0c353";

    private readonly WebApplication _app;
    private readonly HttpClient _challtestsrv = new();
    private readonly ConcurrentDictionary<string, (string Name, string Value)> _live = new();
    private int _nextId;

    /// <summary>What happens to a created record: relayed as is, swallowed, or relayed with a wrong value.</summary>
    public enum Mode { Relay, DoNotRelay, RelayWrongValue }

    private FakeCloudflare(WebApplication app, Mode mode)
    {
        _app = app;
        RecordMode = mode;
    }

    public Mode RecordMode { get; }

    public Uri ApiBase { get; private set; } = null!;

    public ConcurrentQueue<(string Name, string Value)> Created { get; } = new();

    public ConcurrentQueue<string> Deleted { get; } = new();

    public int Unauthorized;

    public int LiveCount => _live.Count;

    public static async Task<FakeCloudflare> StartAsync(Mode mode = Mode.Relay)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var fake = new FakeCloudflare(app, mode);
        app.Run(fake.HandleAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        fake.ApiBase = new Uri(address.TrimEnd('/') + "/client/v4");
        return fake;
    }

    private async Task HandleAsync(HttpContext ctx)
    {
        if (ctx.Request.Headers.Authorization.ToString() != "Bearer " + Token)
        {
            Interlocked.Increment(ref Unauthorized);
            await WriteAsync(ctx, 403, """{"success":false,"errors":[{"code":10000,"message":"Authentication error"}],"messages":[],"result":null}""");
            return;
        }
        var prefix = $"/client/v4/zones/{ZoneId}/dns_records";
        var path = ctx.Request.Path.Value ?? "";
        if (!path.StartsWith(prefix, StringComparison.Ordinal))
        {
            await WriteAsync(ctx, 404, """{"success":false,"errors":[{"code":7003,"message":"Could not route to /zones, perhaps your object identifier is invalid?"}],"messages":[],"result":null}""");
            return;
        }
        var rest = path[prefix.Length..].Trim('/');
        if (ctx.Request.Method == "POST" && rest.Length == 0)
        {
            using var doc = await JsonDocument.ParseAsync(ctx.Request.Body);
            var root = doc.RootElement;
            var name = root.GetProperty("name").GetString()!;
            var value = root.GetProperty("content").GetString()!;
            if (root.GetProperty("type").GetString() != "TXT" || root.GetProperty("ttl").GetInt32() < 60)
            {
                await WriteAsync(ctx, 400, """{"success":false,"errors":[{"code":9004,"message":"This record type or TTL is not accepted by the fake"}],"result":null}""");
                return;
            }
            var id = "rec" + Interlocked.Increment(ref _nextId);
            _live[id] = (name, value);
            Created.Enqueue((name, value));
            if (RecordMode != Mode.DoNotRelay)
                await PebbleEnv.SetTxtAsync(_challtestsrv, name, RecordMode == Mode.RelayWrongValue ? "not-" + value : value);
            await WriteAsync(ctx, 200, JsonSerializer.Serialize(new Dictionary<string, object>
            {
                ["success"] = true,
                ["errors"] = Array.Empty<object>(),
                ["messages"] = Array.Empty<object>(),
                ["result"] = new Dictionary<string, object> { ["id"] = id, ["type"] = "TXT", ["name"] = name, ["content"] = value, ["ttl"] = 120 },
            }));
            return;
        }
        if (ctx.Request.Method == "DELETE" && rest.Length > 0 && _live.TryRemove(rest, out var gone))
        {
            Deleted.Enqueue(rest);
            // challtestsrv clears a name's values all at once: clear, then put back the others still live.
            await PebbleEnv.ClearTxtAsync(_challtestsrv, gone.Name);
            if (RecordMode != Mode.DoNotRelay)
                foreach (var other in _live.Values.Where(r => r.Name == gone.Name))
                    await PebbleEnv.SetTxtAsync(_challtestsrv, other.Name, RecordMode == Mode.RelayWrongValue ? "not-" + other.Value : other.Value);
            await WriteAsync(ctx, 200, $$$"""{"success":true,"errors":[],"messages":[],"result":{"id":"{{{rest}}}"}}""");
            return;
        }
        await WriteAsync(ctx, 404, """{"success":false,"errors":[{"code":81044,"message":"Record does not exist."}],"messages":[],"result":null}""");
    }

    private static async Task WriteAsync(HttpContext ctx, int status, string json)
    {
        ctx.Response.StatusCode = status;
        ctx.Response.ContentType = "application/json";
        await ctx.Response.WriteAsync(json);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        _challtestsrv.Dispose();
    }
}
