using Hiy.Core;
using Hiy.Store;

namespace Hiy.Tests.Core;

public class DiskStateTests
{
    private const long Mb = 1L << 20;

    [Theory]
    [InlineData(40 * Mb, 8 * Mb)] // a small disk: the 8 MiB floor
    [InlineData(2000 * Mb, 20 * Mb)] // 1 %
    [InlineData(64L * 1024 * Mb, 256 * Mb)] // a 64 GB card: the 256 MiB ceiling
    public void Of_DiskSize_MinFreeIsOnePercentWithinFloorAndCeiling(long total, long minFree) =>
        Assert.Equal(minFree, DiskState.Of("/d", total, total / 2, reserveHeld: true).MinFreeBytes);

    [Fact]
    public void Of_ReserveGivenUp_UsableCountsItAsStillHeld()
    {
        var held = DiskState.Of("/d", 100 * Mb, 9 * Mb, reserveHeld: true);
        var givenUp = DiskState.Of("/d", 100 * Mb, 9 * Mb + DiskState.ReserveBytes, reserveHeld: false);
        Assert.Equal(held.UsableBytes, givenUp.UsableBytes);
        Assert.Equal(held.Full, givenUp.Full);
        Assert.False(held.Full);
    }

    [Theory]
    [InlineData(0, true)]
    [InlineData(8 * Mb - 1, true)]
    [InlineData(8 * Mb, false)]
    public void Full_UsableAgainstMinFree(long usable, bool full) =>
        Assert.Equal(full, DiskState.Of("/d", 40 * Mb, usable, reserveHeld: true).Full);

    [Fact]
    public void Describe_NamesFreeTotalPathAndNeed() =>
        Assert.Equal("1.5 MB free of 40.0 MB on /var/lib/hiy (hiy needs 8.0 MB)",
            DiskState.Of("/var/lib/hiy", 40 * Mb, 3 * Mb / 2, reserveHeld: true).Describe());

    [Theory]
    [InlineData(28, true)] // ENOSPC
    [InlineData(122, true)] // EDQUOT
    [InlineData(13, false)] // EACCES
    public void IsCause_IOExceptionErrno(int errno, bool full) =>
        Assert.Equal(full, DiskFull.IsCause(new IOException("write failed", errno)));

    [Fact]
    public void IsCause_NestedAndSqliteFull_True()
    {
        Assert.True(DiskFull.IsCause(new InvalidOperationException("outer", new IOException("No space left on device", 28))));
        Assert.True(DiskFull.IsCause(new StoreException("database x: disk is full", diskFull: true)));
        Assert.False(DiskFull.IsCause(new StoreException("database x: malformed")));
        Assert.False(DiskFull.IsCause(null));
    }
}
