using Hiy.Docker.Models;

namespace Hiy.Docker;

/// <summary>
/// CPU and memory figures computed the way <c>docker stats</c> does (docker/cli
/// <c>cli/command/container/stats_helpers.go</c>, 20.10): CPU % is the container's share of the host's CPU time
/// since the previous sample times the number of CPUs; memory excludes the page cache (inactive file pages).
/// </summary>
public static class DockerStatsMath
{
    /// <summary>0–100 × CPUs (200 % = two full cores); 0 when there is no previous sample to compare with.</summary>
    public static double CpuPercent(ContainerStats stats)
    {
        var cpu = stats.CpuStats;
        var pre = stats.PreCpuStats;
        if (cpu?.CpuUsage is null || pre?.CpuUsage is null)
            return 0;
        var cpuDelta = (double)cpu.CpuUsage.TotalUsage - pre.CpuUsage.TotalUsage;
        var systemDelta = (double)cpu.SystemCpuUsage - pre.SystemCpuUsage;
        double onlineCpus = cpu.OnlineCpus;
        if (onlineCpus == 0)
            onlineCpus = cpu.CpuUsage.PercpuUsage?.Length ?? 0;
        if (systemDelta > 0 && cpuDelta > 0)
            return cpuDelta / systemDelta * onlineCpus * 100.0;
        return 0;
    }

    /// <summary>Bytes in use without the page cache: cgroup v1 subtracts <c>total_inactive_file</c>, v2 <c>inactive_file</c>.</summary>
    public static ulong MemoryUsage(ContainerStats stats)
    {
        var mem = stats.MemoryStats;
        if (mem is null)
            return 0;
        if (mem.Stats is { } s)
        {
            if (s.TryGetValue("total_inactive_file", out var v1) && v1 < mem.Usage)
                return mem.Usage - v1;
            if (s.TryGetValue("inactive_file", out var v2) && v2 < mem.Usage)
                return mem.Usage - v2;
        }
        return mem.Usage;
    }

    /// <summary>Usage as a percentage of the limit (the host's memory when the container has none); 0 without a limit.</summary>
    public static double MemoryPercent(ContainerStats stats)
    {
        var limit = stats.MemoryStats?.Limit ?? 0;
        return limit == 0 ? 0 : MemoryUsage(stats) / (double)limit * 100.0;
    }
}
