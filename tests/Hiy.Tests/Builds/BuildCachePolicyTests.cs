using Hiy.Builds;
using Hiy.Store;

namespace Hiy.Tests.Builds;

public class BuildCachePolicyTests
{
    private const long Mb = 1 << 20;
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static CachedImage Image(string id, int minute, long mb, bool inUse = false, params string[] tags) =>
        new(id, tags, T0.AddMinutes(minute), mb * Mb, inUse);

    [Fact]
    public void Plan_OverCap_RemovesOldestUnprotectedUntilUnder()
    {
        var images = new[]
        {
            Image("c", 3, 100), Image("a", 1, 100), Image("b", 2, 100), Image("d", 4, 100),
        };

        var plan = BuildCachePolicy.Plan(images, new HashSet<string>(), 250 * Mb);

        Assert.Equal(400 * Mb, plan.TotalBytes);
        Assert.Equal(["a", "b"], plan.Remove.Select(i => i.Id));
        Assert.Equal(200 * Mb, plan.FreedBytes);
        Assert.False(plan.WithinCap);
    }

    [Fact]
    public void Plan_ProtectedInUseAndKeptImages_NeverRemovedEvenAtCapZero()
    {
        var images = new[]
        {
            Image("running", 1, 50, inUse: true, "hiy/blog:aaa-1"),
            Image("rollback", 2, 50, false, "hiy/blog:bbb-2"),
            Image("crashed", 3, 50, false, "hiy/blog:ccc-3"),
            Image("dangling", 0, 10),
        };

        var plan = BuildCachePolicy.Plan(images, new HashSet<string> { "hiy/blog:bbb-2" }, 0);

        Assert.Equal(["dangling", "crashed"], plan.Remove.Select(i => i.Id));
    }

    [Fact]
    public void Plan_WithinCap_RemovesNothing()
    {
        var plan = BuildCachePolicy.Plan([Image("a", 1, 10)], new HashSet<string>(), 2048 * Mb);
        Assert.True(plan.WithinCap);
        Assert.Empty(plan.Remove);
    }

    [Theory]
    [InlineData("hiy.managed=1,hiy.app=blog", true)]
    [InlineData("hiy.managed=1,hiy.app=someone-elses", false)]
    [InlineData("hiy.app=blog", false)]
    [InlineData("hiy.builder=blog", true)]
    [InlineData("hiy.builder=other", false)]
    [InlineData("maintainer=x", false)]
    [InlineData("", false)]
    public void IsHiys_OnlyHiysLabelsForKnownApps(string labels, bool expected)
    {
        var map = labels.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split('='))
            .ToDictionary(p => p[0], p => p[1]);
        Assert.Equal(expected, BuildCachePolicy.IsHiys(labels.Length == 0 ? null : map, new HashSet<string> { "blog" }));
    }

    [Fact]
    public void Keep_CurrentAndTheImageRollbackWouldPick()
    {
        DeployRecord D(long id, string status, string? image) => new() { Id = id, App = "blog", Status = DeployStatusText.Parse(status), TriggeredBy = DeployTrigger.Git, Image = image };
        // Newest first: 5 is a crashed deploy, 4 is current, 3 reused 4's image (env change), 2 is the rollback target.
        var history = new[] { D(5, "failed", "i5"), D(4, "succeeded", "i4"), D(3, "succeeded", "i4"), D(2, "succeeded", "i2"), D(1, "succeeded", "i1") };

        Assert.Equal(["i4", "i2"], BuildCachePolicy.Keep(4, history));
        Assert.Empty(BuildCachePolicy.Keep(null, []));
    }
}
