using System.Runtime.CompilerServices;
using Hiy.Docker.Models;
using Hiy.Docker.Streams;

namespace Hiy.Docker;

public sealed partial class DockerClient
{
    /// <summary>
    /// GET /containers/{id}/stats?stream=false: one sample. Docker waits for a second reading so that
    /// <see cref="ContainerStats.PreCpuStats"/> is filled and <see cref="DockerStatsMath.CpuPercent"/> means something;
    /// <paramref name="oneShot"/> skips that wait (memory and pids only).
    /// </summary>
    public Task<ContainerStats> GetStatsAsync(string container, bool oneShot = false, CancellationToken ct = default) =>
        GetJsonAsync(new DockerQuery($"/containers/{DockerQuery.Segment(container)}/stats")
                .Add("stream", false).Add("one-shot", oneShot ? true : null).ToString(),
            DockerJsonContext.Default.ContainerStats, $"container '{container}': stats", ct);

    /// <summary>
    /// GET /containers/{id}/stats: a sample about every second until the container stops or <paramref name="ct"/> ends it;
    /// a silence longer than <see cref="DockerClientOptions.StreamIdleTimeout"/> means the engine hangs and ends it too.
    /// </summary>
    public async IAsyncEnumerable<ContainerStats> StreamStatsAsync(string container, [EnumeratorCancellation] CancellationToken ct = default)
    {
        var subject = $"container '{container}': stats";
        using var request = new HttpRequestMessage(HttpMethod.Get,
            new DockerQuery($"/containers/{DockerQuery.Segment(container)}/stats").Add("stream", true).ToString());
        var idle = _options.StreamIdleTimeout;
        using var response = await OpenStreamAsync(request, subject, ct, idle).ConfigureAwait(false);
        await using var stream = await ReadBodyAsync(response, subject, idle, ct).ConfigureAwait(false);
        await foreach (var stats in DockerStreamReader.ReadJsonLinesAsync(stream, DockerJsonContext.Default.ContainerStats, subject, ct)
                           .ConfigureAwait(false))
            yield return stats;
    }
}
