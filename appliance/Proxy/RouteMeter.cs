namespace Hiy.Proxy;

/// <summary>
/// One app's or site's request counters for GET /metrics, allocated once per route and kept across route table swaps
/// (<see cref="ProxyMeters"/>), so recording a request is a few <see cref="Interlocked"/> adds and no allocation.
/// </summary>
public sealed class RouteMeter(string name, RouteKind kind)
{
    /// <summary>Upper bounds (seconds) of the duration histogram's buckets: Prometheus' default set, +Inf implied.</summary>
    public static readonly double[] Bounds = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

    private readonly long[] _byClass = new long[5];
    private readonly long[] _buckets = new long[Bounds.Length + 1];
    private long _sumMicros;

    public string Name { get; } = name;

    /// <summary><see cref="RouteKind.App"/> or <see cref="RouteKind.Site"/>.</summary>
    public RouteKind Kind { get; } = kind;

    /// <summary>Counts one answered request: its status class (1xx–5xx; anything else counts as 5xx) and its duration.</summary>
    public void Record(int status, TimeSpan elapsed)
    {
        var cls = status / 100;
        Interlocked.Increment(ref _byClass[cls is >= 1 and <= 5 ? cls - 1 : 4]);
        var seconds = elapsed.TotalSeconds;
        var i = 0;
        while (i < Bounds.Length && seconds > Bounds[i])
            i++;
        Interlocked.Increment(ref _buckets[i]);
        Interlocked.Add(ref _sumMicros, elapsed.Ticks / (TimeSpan.TicksPerMillisecond / 1000));
    }

    /// <summary>Requests answered with status class <paramref name="cls"/> (1–5).</summary>
    public long Requests(int cls) => Volatile.Read(ref _byClass[cls - 1]);

    /// <summary>The requests in bucket <paramref name="i"/> alone (not cumulative); index <c>Bounds.Length</c> is +Inf.</summary>
    public long Bucket(int i) => Volatile.Read(ref _buckets[i]);

    public double SumSeconds => Volatile.Read(ref _sumMicros) / 1e6;

}
