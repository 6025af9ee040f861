namespace Hiy.Hardware;

/// <summary>
/// One reading of the machine: what a support bundle's history and <c>GET /api/v1/system</c> show.
/// Values the board does not expose (no thermal zone in a VM) are null.
/// </summary>
public sealed record SystemSample(
    DateTimeOffset Time,
    double UptimeSeconds,
    double Load1,
    long MemoryTotalBytes,
    long MemoryAvailableBytes,
    long DiskTotalBytes,
    long DiskFreeBytes,
    double? TemperatureC,
    double? CpuPercent = null);
