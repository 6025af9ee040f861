using System.Text.Json.Serialization;

namespace Hiy.Docker.Models;

/// <summary>
/// One sample of GET /containers/{id}/stats (snake_case on the wire, unlike the rest of the API).
/// <see cref="PreCpuStats"/> is the previous sample, which the CPU percentage is computed against.
/// </summary>
public sealed record ContainerStats
{
    [JsonPropertyName("read")] public DateTimeOffset Read { get; init; }
    [JsonPropertyName("preread")] public DateTimeOffset PreRead { get; init; }
    [JsonPropertyName("name")] public string? Name { get; init; }
    [JsonPropertyName("id")] public string? Id { get; init; }
    [JsonPropertyName("cpu_stats")] public CpuStats? CpuStats { get; init; }
    [JsonPropertyName("precpu_stats")] public CpuStats? PreCpuStats { get; init; }
    [JsonPropertyName("memory_stats")] public MemoryStats? MemoryStats { get; init; }
    [JsonPropertyName("pids_stats")] public PidsStats? PidsStats { get; init; }
    [JsonPropertyName("networks")] public Dictionary<string, NetworkStats>? Networks { get; init; }
}

public sealed record CpuStats
{
    [JsonPropertyName("cpu_usage")] public CpuUsage? CpuUsage { get; init; }
    [JsonPropertyName("system_cpu_usage")] public ulong SystemCpuUsage { get; init; }
    [JsonPropertyName("online_cpus")] public uint OnlineCpus { get; init; }
}

public sealed record CpuUsage
{
    [JsonPropertyName("total_usage")] public ulong TotalUsage { get; init; }
    [JsonPropertyName("percpu_usage")] public ulong[]? PercpuUsage { get; init; }
}

public sealed record MemoryStats
{
    [JsonPropertyName("usage")] public ulong Usage { get; init; }
    [JsonPropertyName("max_usage")] public ulong MaxUsage { get; init; }
    [JsonPropertyName("limit")] public ulong Limit { get; init; }
    [JsonPropertyName("failcnt")] public ulong Failcnt { get; init; }
    [JsonPropertyName("stats")] public Dictionary<string, ulong>? Stats { get; init; }
}

public sealed record PidsStats
{
    [JsonPropertyName("current")] public ulong Current { get; init; }
    [JsonPropertyName("limit")] public ulong Limit { get; init; }
}

public sealed record NetworkStats
{
    [JsonPropertyName("rx_bytes")] public ulong RxBytes { get; init; }
    [JsonPropertyName("tx_bytes")] public ulong TxBytes { get; init; }
}
