using Hiy.Core;
using Hiy.Ops.Backups;

namespace Hiy.Tests.Ops.Backups;

public class RestoreApplierTests
{
    [Fact]
    public void ApplyPending_StagedRestore_SwappedInAndPreviousKeptBeforeRestore()
    {
        using var dir = new TempDir();
        var paths = new HiyPaths(dir.File("data"));
        dir.Write("data/hiy.db", "old db");
        dir.Write("data/hiy.db-wal", "old wal");
        dir.Write("data/master.key", "old key");
        dir.Write("data/sites/a/index.html", "old site");
        dir.Write("data/restore.pending/hiy.db", "new db");
        dir.Write("data/restore.pending/master.key", "new key");
        dir.Write("data/restore.pending/sites/b/index.html", "new site");
        Directory.CreateDirectory(dir.File("data/restore.pending/git"));

        Assert.True(RestoreApplier.ApplyPending(paths));

        Assert.Equal("new db", File.ReadAllText(dir.File("data/hiy.db")));
        Assert.False(File.Exists(dir.File("data/hiy.db-wal")));
        Assert.Equal("old wal", File.ReadAllText(dir.File("data/hiy.db-wal.before-restore")));
        Assert.Equal("old db", File.ReadAllText(dir.File("data/hiy.db.before-restore")));
        Assert.Equal("new key", File.ReadAllText(dir.File("data/master.key")));
        Assert.Equal("new site", File.ReadAllText(dir.File("data/sites/b/index.html")));
        Assert.False(Directory.Exists(dir.File("data/sites/a")));
        Assert.Equal("old site", File.ReadAllText(dir.File("data/sites.before-restore/a/index.html")));
        Assert.True(Directory.Exists(dir.File("data/git")));
        Assert.False(Directory.Exists(dir.File("data/restore.pending")));
        Assert.False(RestoreApplier.ApplyPending(paths));
    }

    [Fact]
    public void ApplyPending_InterruptedAfterTheDatabase_FinishesWithoutLosingThePrevious()
    {
        using var dir = new TempDir();
        var paths = new HiyPaths(dir.File("data"));
        // As a crash leaves it: the database already swapped, the key still pending.
        dir.Write("data/hiy.db", "new db");
        dir.Write("data/hiy.db.before-restore", "old db");
        dir.Write("data/master.key", "old key");
        dir.Write("data/restore.pending/master.key", "new key");

        Assert.True(RestoreApplier.ApplyPending(paths));

        Assert.Equal("new db", File.ReadAllText(dir.File("data/hiy.db")));
        Assert.Equal("old db", File.ReadAllText(dir.File("data/hiy.db.before-restore")));
        Assert.Equal("new key", File.ReadAllText(dir.File("data/master.key")));
        Assert.Equal("old key", File.ReadAllText(dir.File("data/master.key.before-restore")));
    }

    [Fact]
    public void ApplyPending_UnfinishedStaging_DroppedAndNothingApplied()
    {
        using var dir = new TempDir();
        var paths = new HiyPaths(dir.File("data"));
        dir.Write("data/hiy.db", "live db");
        dir.Write("data/restore.staging/hiy.db", "half");

        Assert.False(RestoreApplier.ApplyPending(paths));

        Assert.Equal("live db", File.ReadAllText(dir.File("data/hiy.db")));
        Assert.False(Directory.Exists(dir.File("data/restore.staging")));
    }
}
