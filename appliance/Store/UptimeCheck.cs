namespace Hiy.Store;

/// <summary>One HTTP check of an app through the proxy: its status (0: no answer), whether it counted as up, the latency.</summary>
public sealed record UptimeCheck(string App, DateTimeOffset At, int Status, bool Up, double LatencyMs, string? Error = null);
