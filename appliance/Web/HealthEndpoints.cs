using Hiy.Docker;
using Hiy.Store;
using Hiy.Web.Api;

namespace Hiy.Web;

/// <summary>/health (the listener is up) and /ready (SQLite and Docker answer, and the data disk has room).</summary>
public sealed class HealthEndpoints(HiyDatabase db, DockerClient docker, DiskGuard disk)
{
    private static readonly TimeSpan DockerTimeout = TimeSpan.FromSeconds(3);

    public static Task HealthAsync(HttpContext ctx) =>
        HttpResults.Json(ctx, new StatusResponse("ok"), ApiJsonContext.Default.StatusResponse);

    public async Task ReadyAsync(HttpContext ctx)
    {
        var checks = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["sqlite"] = db.Ping() ? "ok" : $"database {db.Path} does not answer",
            ["docker"] = await DockerCheckAsync(ctx.RequestAborted),
        };
        var space = disk.Current();
        checks["disk"] = space.Full ? $"full: {space.Describe()}" : "ok";
        var ok = checks.Values.All(v => v == "ok");
        await HttpResults.Json(ctx, new ReadyResponse(ok ? "ok" : "unavailable", checks,
                new DiskSpaceView(space.Path, space.TotalBytes, space.UsableBytes, space.MinFreeBytes)),
            ApiJsonContext.Default.ReadyResponse, ok ? 200 : 503);
    }

    private async Task<string> DockerCheckAsync(CancellationToken ct)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        cts.CancelAfter(DockerTimeout);
        try
        {
            await docker.PingAsync(cts.Token);
            return "ok";
        }
        catch (DockerApiException e)
        {
            return e.Message;
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return $"Docker at {docker.Endpoint.Description} did not answer within {DockerTimeout.TotalSeconds:0} s";
        }
    }
}
