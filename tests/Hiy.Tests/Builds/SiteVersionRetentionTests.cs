using Hiy.Builds;
using Hiy.Store;

namespace Hiy.Tests.Builds;

public class SiteVersionRetentionTests
{
    private static SiteVersionRecord V(string name, int minute) =>
        new(name, 1, 10, new DateTimeOffset(2026, 1, 1, 0, minute, 0, TimeSpan.Zero));

    [Fact]
    public void Expired_MoreThanKeep_DropsOldestFirst() =>
        Assert.Equal(["d1", "d2"], SiteVersionRetention.Expired([V("d3", 3), V("d1", 1), V("d5", 5), V("d2", 2), V("d4", 4)], "d5", 3));

    [Fact]
    public void Expired_ActiveVersionIsOld_IsKeptAnyway() =>
        Assert.Equal(["d2"], SiteVersionRetention.Expired([V("d1", 1), V("d2", 2), V("d3", 3), V("d4", 4), V("d5", 5)], "d1", 3));

    [Fact]
    public void Expired_WithinKeep_Nothing() =>
        Assert.Empty(SiteVersionRetention.Expired([V("d1", 1), V("d2", 2)], "d2", 3));

    [Fact]
    public void Expired_KeepZero_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => SiteVersionRetention.Expired([], null, 0));
}
