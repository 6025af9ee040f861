using Hiy.Proxy;

namespace Hiy.Tests.Proxy;

public class RouteMeterTests
{
    [Fact]
    public void Record_AfterWarmUp_AllocatesNothing()
    {
        var meter = new RouteMeter("blog", RouteKind.App);
        meter.Record(200, TimeSpan.FromMilliseconds(3)); // JIT and statics out of the way

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 10_000; i++)
            meter.Record(200 + i % 400, TimeSpan.FromMilliseconds(i % 2000));
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
        Assert.Equal(10_001, Enumerable.Range(1, 5).Sum(meter.Requests));
    }

    [Theory]
    [InlineData(101, 1)]
    [InlineData(204, 2)]
    [InlineData(308, 3)]
    [InlineData(404, 4)]
    [InlineData(503, 5)]
    [InlineData(0, 5)]
    [InlineData(999, 5)]
    public void Record_Status_CountedInItsClass(int status, int cls)
    {
        var meter = new RouteMeter("blog", RouteKind.App);
        meter.Record(status, TimeSpan.Zero);
        Assert.Equal(1, meter.Requests(cls));
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(5, 0)]      // le is inclusive: 5 ms falls in le=0.005
    [InlineData(6, 1)]
    [InlineData(1000, 7)]
    [InlineData(10_000, 10)]
    [InlineData(60_000, 11)] // +Inf
    public void Record_Duration_CountedInTheFirstBucketItFits(int ms, int bucket)
    {
        var meter = new RouteMeter("blog", RouteKind.App);
        meter.Record(200, TimeSpan.FromMilliseconds(ms));
        Assert.Equal(1, meter.Bucket(bucket));
        Assert.Equal(ms / 1000.0, meter.SumSeconds, 6);
    }

    [Fact]
    public void Build_SameMetersTwice_CountersCarryOverAndGoneAppsDropped()
    {
        var meters = new ProxyMeters();
        var first = RouteTable.Build(new RouteInputs("example.com", [new("blog", 32001), new("shop", 32002)], []), meters);
        first.Lookup("blog.example.com").Meter!.Record(200, TimeSpan.Zero);

        var second = RouteTable.Build(new RouteInputs("example.com", [new("blog", 32005)], []), meters);
        meters.Retain(second.Meters);

        Assert.Equal(1, second.Lookup("blog.example.com").Meter!.Requests(2));
        Assert.Equal(["blog"], second.Meters.Select(m => m.Name));
        Assert.Equal(0, meters.For(RouteKind.App, "shop").Requests(2));
    }
}
