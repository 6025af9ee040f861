namespace Hiy.Core;

/// <summary>
/// The data disk as hiy judges it. <see cref="Usable"/> is the space left with the reserve file held, whether it is held
/// now or was given up, so giving it up or taking it back never changes the verdict (no flapping at the edge).
/// </summary>
public sealed record DiskState(string Path, long TotalBytes, long FreeBytes, long UsableBytes, long MinFreeBytes, bool ReserveHeld)
{
    /// <summary>Below this, writes are refused with 507: SQLite's WAL, a session row and a deleted version's record still fit.</summary>
    public const long FloorBytes = 8L << 20;
    public const long CeilingBytes = 256L << 20;

    /// <summary>Space kept in a file while the disk has room and given up when it fills, so the owner can still sign in and delete.</summary>
    public const long ReserveBytes = 8L << 20;

    public bool Full => UsableBytes < MinFreeBytes;

    /// <summary>The verdict from a statvfs reading: full when less than 1 % of the disk (at least 8 MiB, at most 256 MiB) is usable.</summary>
    public static DiskState Of(string path, long total, long free, bool reserveHeld)
    {
        var minFree = Math.Clamp(total / 100, FloorBytes, CeilingBytes);
        var usable = reserveHeld ? free : Math.Max(0, free - ReserveBytes);
        return new DiskState(path, total, free, usable, minFree, reserveHeld);
    }

    /// <summary>"1.2 MB free of 32 GB on /var/lib/hiy" for problems and log lines.</summary>
    public string Describe() => $"{Size(UsableBytes)} free of {Size(TotalBytes)} on {Path} (hiy needs {Size(MinFreeBytes)})";

    public static string Size(long bytes) => bytes switch
    {
        >= 1L << 30 => $"{bytes / (double)(1L << 30):0.0} GB",
        >= 1L << 20 => $"{bytes / (double)(1L << 20):0.0} MB",
        >= 1L << 10 => $"{bytes / 1024.0:0} KB",
        _ => $"{bytes} B",
    };
}
