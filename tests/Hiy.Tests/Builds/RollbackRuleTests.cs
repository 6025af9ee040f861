using Hiy.Builds;
using Hiy.Store;

namespace Hiy.Tests.Builds;

public class RollbackRuleTests
{
    private static DeployRecord D(long id, DeployStatus status, string? image, string? site = null) =>
        new() { Id = id, App = "blog", Status = status, TriggeredBy = DeployTrigger.Git, Image = image, SiteVersion = site };

    [Fact]
    public void Target_SkipsFailedAndSameImage_PicksNewestOtherImage()
    {
        // Newest first: 5 failed, 4 is current, 3 reused 4's image (env change), 2 is the one to go back to.
        var history = new[] { D(5, DeployStatus.Failed, "i5"), D(4, DeployStatus.Succeeded, "i4"), D(3, DeployStatus.Succeeded, "i4"),
            D(2, DeployStatus.Succeeded, "i2"), D(1, DeployStatus.Succeeded, "i1") };
        Assert.Equal(2, RollbackRule.Target(4, history)?.Id);
    }

    [Fact]
    public void Target_StaticSite_PicksOtherSiteVersion()
    {
        var history = new[] { D(3, DeployStatus.Succeeded, null, "v3"), D(2, DeployStatus.Succeeded, null, "v3"), D(1, DeployStatus.Succeeded, null, "v1") };
        Assert.Equal(1, RollbackRule.Target(3, history)?.Id);
    }

    [Fact]
    public void Target_OnlyOneSuccess_Null() =>
        Assert.Null(RollbackRule.Target(2, [D(2, DeployStatus.Succeeded, "i2"), D(1, DeployStatus.Failed, "i1")]));

    [Fact]
    public void CacheKeep_ProtectsExactlyWhatRollbackPicks()
    {
        var history = new[] { D(4, DeployStatus.Succeeded, "i4"), D(3, DeployStatus.Canceled, "i3"), D(2, DeployStatus.Succeeded, "i2") };
        Assert.Equal(["i4", RollbackRule.Target(4, history)!.Image!], BuildCachePolicy.Keep(4, history));
    }
}
