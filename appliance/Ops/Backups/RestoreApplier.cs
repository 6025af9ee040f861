using Hiy.Core;

namespace Hiy.Ops.Backups;

/// <summary>
/// Applies a staged restore at start, before the database is opened. A restore is checked whole and unpacked into
/// <c>restore.staging/</c>, then renamed to <c>restore.pending/</c>: that rename is the commit, so a crash while
/// unpacking leaves nothing to apply. Here each item moves in by renames inside the data directory, the previous one
/// kept as <c>&lt;item&gt;.before-restore</c>; every step is safe to repeat, so a crash part-way finishes at the next start.
/// </summary>
public static class RestoreApplier
{
    /// <summary>What a restore replaces, in order; the database's WAL and shared-memory files go with it.</summary>
    private static readonly string[] Items = [ArchivePaths.Database, ArchivePaths.Key, .. ArchivePaths.Trees];

    public static string Staging(HiyPaths paths) => Path.Combine(paths.DataDir, "restore.staging");

    public static string Pending(HiyPaths paths) => Path.Combine(paths.DataDir, "restore.pending");

    public const string BeforeSuffix = ".before-restore";

    /// <summary>Applies a pending restore; returns true when one was applied. An unfinished staging dir is dropped.</summary>
    public static bool ApplyPending(HiyPaths paths)
    {
        if (Directory.Exists(Staging(paths)))
            Directory.Delete(Staging(paths), recursive: true);
        var pending = Pending(paths);
        if (!Directory.Exists(pending))
            return false;
        foreach (var item in Items)
        {
            var source = Path.Combine(pending, item);
            if (!File.Exists(source) && !Directory.Exists(source))
                continue; // moved in by an earlier, interrupted run
            var live = Path.Combine(paths.DataDir, item);
            if (item == ArchivePaths.Database)
            {
                // The old database's WAL must not be replayed onto the restored file.
                MoveAside(live + "-wal");
                MoveAside(live + "-shm");
            }
            MoveAside(live);
            Move(source, live);
        }
        Directory.Delete(pending, recursive: true);
        return true;
    }

    private static void MoveAside(string live)
    {
        if (!File.Exists(live) && !Directory.Exists(live))
            return;
        var before = live + BeforeSuffix;
        if (Directory.Exists(before))
            Directory.Delete(before, recursive: true);
        else
            File.Delete(before);
        Move(live, before);
    }

    private static void Move(string from, string to)
    {
        if (Directory.Exists(from))
            Directory.Move(from, to);
        else
            File.Move(from, to);
    }
}
