using Hiy.Docker;
using Hiy.Store;
using Hiy.Web.Api;

namespace Hiy.Web;

/// <summary>/health (the listener is up) and /ready (SQLite and Docker both answer).</summary>
public sealed class HealthEndpoints(HiyDatabase db, DockerClient docker)
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
        var ok = checks.Values.All(v => v == "ok");
        await HttpResults.Json(ctx, new ReadyResponse(ok ? "ok" : "unavailable", checks),
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
