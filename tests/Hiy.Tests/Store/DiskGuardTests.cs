using Hiy.Core;
using Hiy.Store;

namespace Hiy.Tests.Store;

/// <summary>Store/DiskGuard over a pretend statvfs: the reserve file is real, the disk's free space is the test's.</summary>
public sealed class DiskGuardTests : IDisposable
{
    private const long Mb = 1L << 20;
    private readonly TempDir _dir = new();
    private readonly ManualTimeProvider _time = new();
    private readonly HiyPaths _paths;
    private long _freeWithoutReserve = 30 * Mb;

    public DiskGuardTests() => _paths = new HiyPaths(_dir.Path);

    public void Dispose() => _dir.Dispose();

    private bool ReserveOnDisk => File.Exists(_paths.DiskReserve) && new FileInfo(_paths.DiskReserve).Length == DiskState.ReserveBytes;

    // What statvfs would say: the reserve file, while there, takes its 8 MiB from the free space.
    private DiskGuard Guard() => new(_paths, _time, statvfs: _ => (40 * Mb, Math.Max(0, _freeWithoutReserve - (ReserveOnDisk ? DiskState.ReserveBytes : 0))));

    [Fact]
    public void Current_Room_TakesTheReserveAndIsNotFull()
    {
        var state = Guard().Current();
        Assert.False(state.Full);
        Assert.True(state.ReserveHeld);
        Assert.True(ReserveOnDisk);
        Assert.Equal(22 * Mb, state.UsableBytes);
    }

    [Fact]
    public void Current_DiskFills_GivesTheReserveUpAndStaysFullOnEveryReading()
    {
        var guard = Guard();
        guard.Current();
        _freeWithoutReserve = DiskState.ReserveBytes + Mb; // something else took all but 1 MiB beside the reserve
        _time.Advance(TimeSpan.FromSeconds(2));
        var full = guard.Current();
        Assert.True(full.Full);
        Assert.False(ReserveOnDisk);
        Assert.Equal(9 * Mb, full.FreeBytes); // the reserve's 8 MiB are free for sign-in and deletes
        for (var i = 0; i < 3; i++)
        {
            _time.Advance(TimeSpan.FromSeconds(2));
            Assert.True(guard.Current().Full); // no flapping: giving the reserve up does not count as room
            Assert.False(ReserveOnDisk);
        }
    }

    [Fact]
    public void Current_SpaceFreed_RecoversAndTakesTheReserveBack()
    {
        var guard = Guard();
        _freeWithoutReserve = 2 * Mb;
        Assert.True(guard.Current().Full);
        _freeWithoutReserve = 25 * Mb;
        guard.Invalidate(); // a delete ran: no waiting for the reading to age
        var state = guard.Current();
        Assert.False(state.Full);
        Assert.True(ReserveOnDisk);
    }

    [Fact]
    public void Current_WithinASecond_AnswersTheLastReading()
    {
        var guard = Guard();
        Assert.False(guard.Current().Full);
        _freeWithoutReserve = 0;
        Assert.False(guard.Current().Full);
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.True(guard.Current().Full);
    }

    [Fact]
    public void Observe_DiskFullError_ReadsAtOnce_OtherErrorsNull()
    {
        var guard = Guard();
        guard.Current();
        _freeWithoutReserve = 0;
        Assert.Null(guard.Observe(new IOException("permission denied", 13)));
        Assert.True(guard.Observe(new StoreException("database x: disk is full", diskFull: true))!.Full);
    }
}
