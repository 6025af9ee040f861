namespace Hiy.Ops;

/// <summary>
/// Downsampling for the history graphs: the span is cut into at most <c>max</c> equal buckets and each bucket's samples
/// merge into one point (the caller averages), so a week of 5-minute samples (2,016) becomes ≤ 300 points and a day's
/// (288) passes through one sample per bucket. Empty buckets give no point: a gap in the samples stays a gap.
/// </summary>
public static class HistoryBuckets
{
    public static IReadOnlyList<TOut> Downsample<T, TOut>(IReadOnlyList<T> samples, Func<T, DateTimeOffset> at,
        DateTimeOffset from, DateTimeOffset to, int max, Func<IReadOnlyList<T>, TOut> merge)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(max, 1);
        var result = new List<TOut>();
        var span = (to - from).Ticks;
        if (span <= 0)
            return result;
        var bucket = new List<T>();
        long current = -1;
        foreach (var s in samples)
        {
            var offset = (at(s) - from).Ticks;
            if (offset < 0 || offset > span)
                continue;
            var index = Math.Min(offset * max / span, max - 1);
            if (index != current && bucket.Count > 0)
            {
                result.Add(merge(bucket));
                bucket = [];
            }
            current = index;
            bucket.Add(s);
        }
        if (bucket.Count > 0)
            result.Add(merge(bucket));
        return result;
    }

    /// <summary>The mean of the values that are there; null when none is.</summary>
    public static double? MeanOrNull(IEnumerable<double?> values)
    {
        double sum = 0;
        var count = 0;
        foreach (var v in values)
        {
            if (v is { } x)
            {
                sum += x;
                count++;
            }
        }
        return count == 0 ? null : Math.Round(sum / count, 1);
    }
}
