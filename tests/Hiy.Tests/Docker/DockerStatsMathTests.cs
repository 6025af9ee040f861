using Hiy.Docker;
using Hiy.Docker.Models;

namespace Hiy.Tests.Docker;

public class DockerStatsMathTests
{
    private static ContainerStats Sample(ulong total, ulong system, ulong preTotal, ulong preSystem, uint online, int percpu = 0) => new()
    {
        CpuStats = new CpuStats
        {
            CpuUsage = new CpuUsage { TotalUsage = total, PercpuUsage = percpu > 0 ? new ulong[percpu] : null },
            SystemCpuUsage = system,
            OnlineCpus = online,
        },
        PreCpuStats = new CpuStats { CpuUsage = new CpuUsage { TotalUsage = preTotal }, SystemCpuUsage = preSystem },
    };

    [Theory]
    [InlineData(1_500_000_000UL, 20_000_000_000UL, 1_000_000_000UL, 18_000_000_000UL, 2U, 0, 50.0)]
    [InlineData(2_000_000_000UL, 12_000_000_000UL, 0UL, 10_000_000_000UL, 4U, 0, 400.0)]
    [InlineData(1_100_000_000UL, 11_000_000_000UL, 1_000_000_000UL, 10_000_000_000UL, 0U, 4, 40.0)] // online_cpus absent: percpu count
    [InlineData(1_000_000_000UL, 10_000_000_000UL, 1_000_000_000UL, 9_000_000_000UL, 2U, 0, 0.0)] // idle
    [InlineData(2_000_000_000UL, 10_000_000_000UL, 1_000_000_000UL, 10_000_000_000UL, 2U, 0, 0.0)] // no system delta (first sample)
    public void CpuPercent_Deltas_AsDockerStats(ulong total, ulong system, ulong preTotal, ulong preSystem, uint online, int percpu, double expected) =>
        Assert.Equal(expected, DockerStatsMath.CpuPercent(Sample(total, system, preTotal, preSystem, online, percpu)), 6);

    [Fact]
    public void CpuPercent_NoPreviousSample_Zero() =>
        Assert.Equal(0, DockerStatsMath.CpuPercent(new ContainerStats { CpuStats = new CpuStats { CpuUsage = new CpuUsage { TotalUsage = 5 } } }));

    [Theory]
    [InlineData(100_000UL, "total_inactive_file", 30_000UL, 70_000UL)] // cgroup v1
    [InlineData(100_000UL, "inactive_file", 40_000UL, 60_000UL)] // cgroup v2
    [InlineData(100_000UL, "total_inactive_file", 200_000UL, 100_000UL)] // cache bigger than usage: usage as is
    [InlineData(100_000UL, "cache", 50_000UL, 100_000UL)] // neither key
    public void MemoryUsage_ExcludesInactiveFilePages(ulong usage, string key, ulong value, ulong expected)
    {
        var stats = new ContainerStats
        {
            MemoryStats = new MemoryStats { Usage = usage, Limit = 200_000, Stats = new Dictionary<string, ulong> { [key] = value } },
        };

        Assert.Equal(expected, DockerStatsMath.MemoryUsage(stats));
        Assert.Equal(expected / 2000.0, DockerStatsMath.MemoryPercent(stats), 6);
    }

    [Fact]
    public void Parse_StatsJson_SnakeCaseFields()
    {
        const string json = """
            {"read":"2026-11-22T02:04:14.102448668Z","preread":"2026-11-22T02:04:13.1Z","id":"abc",
             "cpu_stats":{"cpu_usage":{"total_usage":200,"percpu_usage":[100,100]},"system_cpu_usage":1000,"online_cpus":2},
             "precpu_stats":{"cpu_usage":{"total_usage":100},"system_cpu_usage":800},
             "memory_stats":{"usage":5000,"limit":10000,"stats":{"total_inactive_file":1000}},"pids_stats":{"current":3}}
            """;

        var stats = System.Text.Json.JsonSerializer.Deserialize(json, DockerJsonContext.Default.ContainerStats)!;

        Assert.Equal(100.0, DockerStatsMath.CpuPercent(stats), 6);
        Assert.Equal(4000UL, DockerStatsMath.MemoryUsage(stats));
        Assert.Equal(3UL, stats.PidsStats!.Current);
        Assert.Equal(2026, stats.Read.Year);
    }
}
