using System.Text.Json.Serialization;
using Hiy.Hardware;

namespace Hiy.Web.Api;

/// <summary>
/// GET /api/v1/system (API.md "System and operations"). Figures the machine does not expose (no thermal zone, no
/// device-tree model) are null, written as null so a client sees the field.
/// </summary>
public sealed record SystemView(
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? Board,
    double UptimeS,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] double? CpuPercent,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] IReadOnlyList<double>? Load,
    MemoryView Memory,
    DiskView Disk,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] double? SocTempC,
    ThrottlingView Throttling,
    IReadOnlyList<string> Addresses,
    IReadOnlyList<ContainerUsageView> Containers,
    IReadOnlyList<CertificateSummaryView> Certificates,
    UpsView Ups);

public sealed record MemoryView(long TotalBytes, long AvailableBytes);

/// <summary>The data disk; <c>full</c> is Store/DiskGuard's verdict (writes answer 507 while it holds), <c>min_free_bytes</c> its line.</summary>
public sealed record DiskView(string Path, long TotalBytes, long FreeBytes, bool Full, long MinFreeBytes);

/// <summary>The firmware's get_throttled bits (Hardware/Throttling); <c>raw</c> is the word as hex, null off a Pi.</summary>
public sealed record ThrottlingView(
    bool Available,
    bool UnderVoltageNow,
    bool FreqCappedNow,
    bool ThrottledNow,
    bool SoftTempLimitNow,
    bool UnderVoltageSeen,
    bool FreqCappedSeen,
    bool ThrottledSeen,
    bool SoftTempLimitSeen,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? Raw)
{
    public static ThrottlingView From(Throttling t) => new(t.Available, t.UnderVoltageNow, t.FreqCappedNow, t.ThrottledNow, t.SoftTempLimitNow,
        t.UnderVoltageSeen, t.FreqCappedSeen, t.ThrottledSeen, t.SoftTempLimitSeen, t.Raw);
}

/// <summary>A running app's container: CPU % as docker stats counts it (100 = one core), memory without page cache.</summary>
public sealed record ContainerUsageView(
    string App,
    double CpuPercent,
    long MemoryBytes,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] long? MemoryLimitBytes);

public sealed record CertificateSummaryView(
    string Domain,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] DateTimeOffset? ExpiresAt,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] DateTimeOffset? LastRenewalAt,
    string LastRenewalResult);

/// <summary>
/// The UPS (Hardware/Ups/UpsReader): <c>{"present": false}</c> and nulls without one; figures its source does not give are
/// null. <c>current_a</c> is positive while charging; <c>source</c> is <c>i2c</c> or <c>power_supply</c>.
/// </summary>
public sealed record UpsView(
    bool Present,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] double? BatteryPercent = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] double? VoltageV = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] double? CurrentA = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] bool? OnBattery = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] double? EstimatedMinutes = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? Chip = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? Source = null)
{
    public static UpsView From(Hardware.Ups.UpsReading? r) => r is null
        ? new UpsView(false)
        : new UpsView(true, r.BatteryPercent, r.VoltageV, r.CurrentA, r.OnBattery, r.EstimatedMinutes, r.Chip, r.Source);
}

/// <summary>GET /api/v1/system/history: the machine, downsampled to at most 300 points.</summary>
public sealed record SystemHistoryView(string Range, IReadOnlyList<SystemHistoryPoint> Points);

public sealed record SystemHistoryPoint(
    DateTimeOffset At,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] double? CpuPercent,
    long MemoryUsedBytes,
    long DiskFreeBytes,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] double? SocTempC);

/// <summary>GET /api/v1/apps/{app}/metrics: the app's container, downsampled to at most 300 points.</summary>
public sealed record AppMetricsView(string Range, IReadOnlyList<AppMetricsPoint> Points);

public sealed record AppMetricsPoint(DateTimeOffset At, double CpuPercent, long MemoryBytes);
