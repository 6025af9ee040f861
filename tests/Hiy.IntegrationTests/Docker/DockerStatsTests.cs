using Hiy.Docker;
using Hiy.Docker.Models;

namespace Hiy.Tests.Docker;

[Collection(DockerCollection.Name)]
public class DockerStatsTests(DockerFixture fx)
{
    private const long Mib = 1024 * 1024;

    private async Task<string> RunBusyAsync(DockerScope scope) =>
        await StartAsync(scope, "x=0; while true; do x=$((x+1)); done");

    private async Task<string> StartAsync(DockerScope scope, string script)
    {
        var id = scope.Container(await fx.Client.CreateContainerAsync(fx.Unique("hiy-test-stats"), new ContainerCreateRequest
        {
            Image = "hiy-test/busybox",
            Cmd = ["sh", "-c", script],
            Labels = fx.Labels(),
            HostConfig = new HostConfig { Memory = 64 * Mib, MemorySwap = 64 * Mib, NanoCpus = HostConfig.NanoCpusFor(0.5) },
        }));
        await fx.Client.StartContainerAsync(id);
        return id;
    }

    [Fact]
    public async Task GetStatsAsync_BusyContainer_MemoryUnderLimitAndCpuNearQuota()
    {
        await using var scope = fx.NewScope();
        var id = await RunBusyAsync(scope);
        await Task.Delay(300);

        var stats = await fx.Client.GetStatsAsync(id);

        Assert.Equal((ulong)(64 * Mib), stats.MemoryStats!.Limit);
        Assert.InRange(DockerStatsMath.MemoryUsage(stats), 1UL, (ulong)(64 * Mib));
        Assert.InRange(DockerStatsMath.MemoryPercent(stats), 0.0001, 100);
        // 0.5 CPU quota: docker stats would show about 50 %.
        Assert.InRange(DockerStatsMath.CpuPercent(stats), 5, 80);
        Assert.True(stats.PidsStats!.Current >= 1);
    }

    [Fact]
    public async Task GetStatsAsync_OneShot_MemoryWithoutWaiting()
    {
        await using var scope = fx.NewScope();
        var id = await StartAsync(scope, "sleep 60");

        var stats = await fx.Client.GetStatsAsync(id, oneShot: true);

        Assert.True(DockerStatsMath.MemoryUsage(stats) > 0);
    }

    [Fact]
    public async Task StreamStatsAsync_Running_SamplesUntilCancelled()
    {
        await using var scope = fx.NewScope();
        var id = await RunBusyAsync(scope);
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var samples = new List<ContainerStats>();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var s in fx.Client.StreamStatsAsync(id, cts.Token))
            {
                samples.Add(s);
                if (samples.Count == 2)
                    await cts.CancelAsync();
            }
        });

        Assert.Equal(2, samples.Count);
        Assert.True(samples[1].Read > samples[0].Read);
        Assert.True(DockerStatsMath.CpuPercent(samples[1]) > 0);
        Assert.True(DockerStatsMath.MemoryUsage(samples[1]) > 0);
    }
}
