using Hiy.Docker.Models;
using Hiy.Runtime;
using Hiy.Store;

namespace Hiy.Tests.Runtime;

public class AppStatsReaderTests
{
    private static ContainerStats Stats(ulong cpu, ulong preCpu, ulong system, ulong preSystem, ulong memory, ulong inactiveFile, ulong limit) => new()
    {
        CpuStats = new CpuStats { CpuUsage = new CpuUsage { TotalUsage = cpu }, SystemCpuUsage = system, OnlineCpus = 4 },
        PreCpuStats = new CpuStats { CpuUsage = new CpuUsage { TotalUsage = preCpu }, SystemCpuUsage = preSystem, OnlineCpus = 4 },
        MemoryStats = new MemoryStats { Usage = memory, Limit = limit, Stats = new() { ["inactive_file"] = inactiveFile } },
    };

    [Fact]
    public async Task ReadAsync_RunningAppsOnly_CpuAndMemoryAsDockerStats()
    {
        using var dir = new TempDir();
        using var db = HiyDatabase.Open(dir.File("hiy.db"));
        var time = new ManualTimeProvider();
        var apps = new AppRepository(db, time);
        foreach (var name in new[] { "blog", "shop", "idle" })
            apps.Create(new AppRecord { Name = name });
        apps.SetCurrentDeploy("blog", 3);
        apps.SetStatus("blog", AppStatus.Running);
        apps.SetCurrentDeploy("shop", 5);
        apps.SetStatus("shop", AppStatus.Running); // its container is gone: left out, not a failure
        apps.SetCurrentDeploy("idle", 2);
        apps.SetStatus("idle", AppStatus.Stopped);

        var engine = new FakeContainerEngine(new Journal());
        engine.Add("blog", 3);
        engine.Add("idle", 2, running: false);
        // docker stats' formula: container delta / system delta × online CPUs × 100 = 0.1 / 1.0 × 4 × 100 = 40 %.
        engine.Stats[AppContainerSpec.ContainerName("blog", 3)] = Stats(1_200_000_000, 1_100_000_000, 5_000_000_000, 4_000_000_000,
            80_000_000, 30_000_000, 536_870_912);

        var samples = await new AppStatsReader(engine, apps, time).ReadAsync(default);
        var blog = Assert.Single(samples);
        Assert.Equal("blog", blog.App);
        Assert.Equal(40.0, blog.CpuPercent);
        Assert.Equal(50_000_000, blog.MemoryBytes);
        Assert.Equal(536_870_912, blog.MemoryLimitBytes);
        Assert.Equal(time.GetUtcNow(), blog.At);
    }

    [Fact]
    public async Task ReadRecentAsync_WithinTheShareWindow_OneReading()
    {
        using var dir = new TempDir();
        using var db = HiyDatabase.Open(dir.File("hiy.db"));
        var time = new ManualTimeProvider();
        var apps = new AppRepository(db, time);
        apps.Create(new AppRecord { Name = "blog" });
        apps.SetCurrentDeploy("blog", 1);
        apps.SetStatus("blog", AppStatus.Running);
        var engine = new FakeContainerEngine(new Journal());
        engine.Add("blog", 1);
        var reader = new AppStatsReader(engine, apps, time);

        var first = await reader.ReadRecentAsync(default);
        engine.Stats[AppContainerSpec.ContainerName("blog", 1)] = Stats(2, 1, 2, 1, 10, 0, 100);
        Assert.Same(first, await reader.ReadRecentAsync(default));
        time.Advance(AppStatsReader.ShareFor);
        Assert.Equal(10, Assert.Single(await reader.ReadRecentAsync(default)).MemoryBytes);
    }
}
