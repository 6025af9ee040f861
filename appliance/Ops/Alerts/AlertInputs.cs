using Hiy.Hardware;

namespace Hiy.Ops.Alerts;

/// <summary>
/// Everything <see cref="AlertRules"/> decides from, read at one moment. <see cref="AppsDownSince"/> holds every app that
/// should be serving: since when its checks have failed, or null when its last check passed.
/// </summary>
public sealed record AlertInputs(
    DateTimeOffset Now,
    IReadOnlyDictionary<string, DateTimeOffset?> AppsDownSince,
    SystemSample? Machine,
    Throttling Throttling,
    IReadOnlyList<CertificateFailure> FailingCertificates,
    double? BatteryPercent);

/// <summary>A certificate whose renewal failed <see cref="Failures"/> times in a row.</summary>
public sealed record CertificateFailure(string Domain, int Failures, string? LastError);

/// <summary>The thresholds: app down for 2 min, disk 80 %, RAM 85 %, SoC 80 °C, battery 20 %.</summary>
public sealed record AlertThresholds
{
    public TimeSpan AppDownFor { get; init; } = TimeSpan.FromMinutes(2);
    public double DiskUsedPercent { get; init; } = 80;
    public double MemoryUsedPercent { get; init; } = 85;
    public double SocTemperatureC { get; init; } = 80;
    public double BatteryPercent { get; init; } = 20;

    public static readonly AlertThresholds Default = new();
}

/// <summary>A condition that holds now; <see cref="Key"/> is what makes it the same incident from one evaluation to the next.</summary>
public sealed record AlertCondition(string Key, string Kind, string? Subject, string Message);
