using Hiy.Ops;

namespace Hiy.Tests.Ops;

public class HistoryBucketsTests
{
    private static readonly DateTimeOffset To = new(2026, 12, 2, 0, 0, 0, TimeSpan.Zero);

    private static List<(DateTimeOffset At, double V)> Every5Minutes(TimeSpan span) =>
        Enumerable.Range(0, (int)(span / TimeSpan.FromMinutes(5))).Select(i => (To - span + TimeSpan.FromMinutes(5 * i), (double)i)).ToList();

    [Fact]
    public void Downsample_WeekOf5MinuteSamples_AtMost300MeansInOrder()
    {
        var samples = Every5Minutes(TimeSpan.FromDays(7));
        Assert.Equal(2016, samples.Count);
        var points = HistoryBuckets.Downsample(samples, s => s.At, To - TimeSpan.FromDays(7), To, 300,
            b => (At: b[0].At, Mean: b.Average(s => s.V), Count: b.Count));
        Assert.InRange(points.Count, 290, 300);
        Assert.Equal(samples.Count, points.Sum(p => p.Count));
        Assert.True(points.Zip(points.Skip(1)).All(p => p.First.At < p.Second.At));
        Assert.Equal(samples.Average(s => s.V), points.Sum(p => p.Mean * p.Count) / samples.Count, 6);
    }

    [Fact]
    public void Downsample_DayOf5MinuteSamples_EverySampleItsOwnPoint()
    {
        var samples = Every5Minutes(TimeSpan.FromHours(24));
        var points = HistoryBuckets.Downsample(samples, s => s.At, To - TimeSpan.FromHours(24), To, 300, b => b.Single());
        Assert.Equal(samples, points);
    }

    [Fact]
    public void Downsample_GapAndOutOfRange_NoPointForEmptyBucketsNothingOutside()
    {
        var from = To - TimeSpan.FromHours(1);
        var samples = new[] { from - TimeSpan.FromMinutes(1), from, from + TimeSpan.FromMinutes(1), To - TimeSpan.FromMinutes(1), To + TimeSpan.FromSeconds(1) };
        var points = HistoryBuckets.Downsample(samples, s => s, from, To, 60, b => b.Count);
        Assert.Equal([1, 1, 1], points);
        Assert.Empty(HistoryBuckets.Downsample(samples, s => s, To, To, 60, b => b.Count));
    }

    [Theory]
    [InlineData(new double[] { }, null)]
    [InlineData(new double[] { 50, 51 }, 50.5)]
    public void MeanOrNull_Table(double[] values, double? expected) =>
        Assert.Equal(expected, HistoryBuckets.MeanOrNull(values.Select(v => (double?)v).Append(null)));
}
