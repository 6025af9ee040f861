using Hiy.Core;
using Microsoft.Extensions.Logging;

namespace Hiy.Store;

/// <summary>
/// The one owner of "is the data disk full" (issue 13 item 5). It reads statvfs at most once a second, keeps an 8 MiB
/// reserve file while the disk has room and gives it up when it fills, so a full disk still lets the owner sign in and
/// delete what takes the space. While it is full, writes are refused with 507 (the control side's gate asks
/// <see cref="Current"/>); once space is freed the next reading lifts that and takes the reserve back: no restart.
/// </summary>
public sealed partial class DiskGuard
{
    private static readonly TimeSpan Fresh = TimeSpan.FromSeconds(1);
    private readonly string _dataDir;
    private readonly string _reserve;
    private readonly TimeProvider _time;
    private readonly Func<string, (long Total, long Free)> _statvfs;
    private readonly Lock _lock = new();
    private ILogger _log;
    private DiskState? _last;
    private DateTimeOffset _readAt;

    public DiskGuard(HiyPaths paths, TimeProvider time, ILogger? log = null, Func<string, (long Total, long Free)>? statvfs = null)
    {
        _dataDir = paths.DataDir;
        _reserve = paths.DiskReserve;
        _time = time;
        _log = log ?? Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;
        _statvfs = statvfs ?? Statvfs;
    }

    /// <summary>The logger once the host has one (the guard is made before the host, for the start on a full disk).</summary>
    public void UseLogger(ILogger log) => _log = log;

    /// <summary>The disk now (a reading at most a second old), with the reserve given up or taken back to match.</summary>
    public DiskState Current()
    {
        lock (_lock)
        {
            if (_last is not null && _time.GetUtcNow() - _readAt < Fresh)
                return _last;
            return ReadLocked();
        }
    }

    /// <summary>Space may have been freed (a delete ran): the next <see cref="Current"/> reads the disk again.</summary>
    public void Invalidate()
    {
        lock (_lock)
            _readAt = DateTimeOffset.MinValue;
    }

    /// <summary>A write failed: when the disk being full is why, read again at once (the reserve goes) and say so.</summary>
    public DiskState? Observe(Exception e)
    {
        if (!DiskFull.IsCause(e))
            return null;
        lock (_lock)
            return ReadLocked();
    }

    private DiskState ReadLocked()
    {
        var (total, free) = _statvfs(_dataDir);
        var held = ReserveHeld();
        var state = DiskState.Of(_dataDir, total, free, held);
        if (state.Full && held)
        {
            // Give the reserve up: what it frees is for the owner's sign-in and deletes, which the gate lets through.
            TryDelete(_reserve);
            state = DiskState.Of(_dataDir, total, _statvfs(_dataDir).Free, reserveHeld: false);
        }
        else if (!state.Full && !held)
        {
            state = TakeReserve(state, total);
        }
        if (_last is { } before && before.Full != state.Full)
        {
            if (state.Full)
                DiskFullNow(_log, state.Describe());
            else
                DiskHasRoom(_log, state.Describe());
        }
        else if (_last is null && state.Full)
        {
            DiskFullNow(_log, state.Describe());
        }
        _last = state;
        _readAt = _time.GetUtcNow();
        return state;
    }

    private DiskState TakeReserve(DiskState state, long total)
    {
        try
        {
            // fallocate(2) through PreallocationSize: real blocks without writing 8 MiB (a sparse SetLength alone would
            // reserve nothing). .NET allocates with the length kept at 0, so the length is set after, over those blocks.
            using (var file = new FileStream(_reserve, new FileStreamOptions
                   {
                       Mode = FileMode.Create, Access = FileAccess.Write, PreallocationSize = DiskState.ReserveBytes,
                       UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
                   }))
            {
                file.SetLength(DiskState.ReserveBytes);
            }
            return ReserveHeld() ? DiskState.Of(_dataDir, total, _statvfs(_dataDir).Free, reserveHeld: true) : state;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            TryDelete(_reserve); // a half-made reserve holds nothing; try again at the next reading
            return state;
        }
    }

    private bool ReserveHeld()
    {
        try
        {
            return new FileInfo(_reserve) is { Exists: true, Length: DiskState.ReserveBytes };
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    private static void TryDelete(string file)
    {
        try
        {
            File.Delete(file);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }
    }

    private static (long Total, long Free) Statvfs(string path)
    {
        try
        {
            var d = new DriveInfo(path);
            return (d.TotalSize, d.AvailableFreeSpace);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            // Unreadable: do not refuse writes for it (the writes themselves will say what is wrong).
            return (long.MaxValue / 2, long.MaxValue / 4);
        }
    }

    [LoggerMessage(EventId = 470, Level = LogLevel.Warning,
        Message = "data disk full: {Disk}; writes are refused with 507 until space is freed (delete old site versions, unused images or the build cache)")]
    private static partial void DiskFullNow(ILogger logger, string disk);

    [LoggerMessage(EventId = 471, Level = LogLevel.Information, Message = "data disk has room again: {Disk}; writes are accepted")]
    private static partial void DiskHasRoom(ILogger logger, string disk);
}
