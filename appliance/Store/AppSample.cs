namespace Hiy.Store;

/// <summary>One reading of an app's running container: CPU % (100 = one full core, as docker stats counts) and memory without page cache.</summary>
public sealed record AppSample(string App, DateTimeOffset At, double CpuPercent, long MemoryBytes, long? MemoryLimitBytes);
