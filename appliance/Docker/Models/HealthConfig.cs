using System.Text.Json.Serialization;

namespace Hiy.Docker.Models;

/// <summary>
/// A container or image health check. Durations travel as nanoseconds; <see cref="Test"/> is Docker's form:
/// <c>["CMD-SHELL", "wget -q -O- http://127.0.0.1:8080/"]</c>, <c>["CMD", ...]</c> or <c>["NONE"]</c>.
/// </summary>
public sealed record HealthConfig
{
    public string[]? Test { get; init; }
    public long? Interval { get; init; }
    public long? Timeout { get; init; }
    public long? StartPeriod { get; init; }
    public int? Retries { get; init; }

    public static HealthConfig Shell(string command, TimeSpan interval, TimeSpan timeout, int retries, TimeSpan? startPeriod = null) => new()
    {
        Test = ["CMD-SHELL", command],
        Interval = Nanos(interval),
        Timeout = Nanos(timeout),
        Retries = retries,
        StartPeriod = startPeriod is { } s ? Nanos(s) : null,
    };

    [JsonIgnore]
    public TimeSpan? IntervalSpan => Interval is { } n ? TimeSpan.FromTicks(n / 100) : null;

    private static long Nanos(TimeSpan t) => t.Ticks * 100;
}
