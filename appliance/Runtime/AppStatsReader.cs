using Hiy.Docker;
using Hiy.Store;

namespace Hiy.Runtime;

/// <summary>
/// CPU and memory of every running app's live container, asked of the engine in parallel (each stats call takes about a
/// second: docker waits for a second reading to compute CPU against). A container that does not answer is left out rather
/// than failing the whole reading. <see cref="ReadRecentAsync"/> shares one reading between callers for a few seconds, so a
/// dashboard polling GET /api/v1/system does not keep dockerd busy.
/// </summary>
public sealed class AppStatsReader(IContainerEngine engine, AppRepository apps, TimeProvider time)
{
    public static readonly TimeSpan PerContainerTimeout = TimeSpan.FromSeconds(5);
    public static readonly TimeSpan ShareFor = TimeSpan.FromSeconds(10);

    private readonly SemaphoreSlim _gate = new(1, 1);
    private (DateTimeOffset At, IReadOnlyList<AppSample> Samples)? _recent;

    public async Task<IReadOnlyList<AppSample>> ReadAsync(CancellationToken ct)
    {
        var running = apps.List().Where(a => a.Status == AppStatus.Running && a.CurrentDeployId is not null).ToList();
        var readings = await Task.WhenAll(running.Select(a => ReadOneAsync(a.Name, AppContainerSpec.ContainerName(a.Name, a.CurrentDeployId!.Value), ct)))
            .ConfigureAwait(false);
        return readings.OfType<AppSample>().ToList();
    }

    /// <summary>The last reading when it is younger than <see cref="ShareFor"/>, else a new one.</summary>
    public async Task<IReadOnlyList<AppSample>> ReadRecentAsync(CancellationToken ct)
    {
        await _gate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            if (_recent is { } r && time.GetUtcNow() - r.At < ShareFor)
                return r.Samples;
            var samples = await ReadAsync(ct).ConfigureAwait(false);
            _recent = (time.GetUtcNow(), samples);
            return samples;
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<AppSample?> ReadOneAsync(string app, string container, CancellationToken ct)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(PerContainerTimeout);
        try
        {
            var stats = await engine.GetStatsAsync(container, deadline.Token).ConfigureAwait(false);
            var limit = stats.MemoryStats?.Limit ?? 0;
            return new AppSample(app, time.GetUtcNow(), Math.Round(DockerStatsMath.CpuPercent(stats), 1),
                (long)DockerStatsMath.MemoryUsage(stats), limit is 0 or > long.MaxValue ? null : (long)limit);
        }
        catch (DockerApiException)
        {
            return null; // gone between the list and the call, or dockerd is down: no figure for it this time
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return null;
        }
    }
}
