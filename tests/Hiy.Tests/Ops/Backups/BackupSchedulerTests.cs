using Hiy.Ops.Backups;
using Microsoft.Extensions.Logging.Abstractions;

namespace Hiy.Tests.Ops.Backups;

public class BackupSchedulerTests
{
    [Fact]
    public async Task RunOnceAsync_OverAMonth_OneBackupADayAndOldOnesPruned()
    {
        using var data = new BackupData();
        data.Seed();
        var dir = data.Scratch("usb");
        var service = new BackupService(data.Writer, data.Paths, dir, 30, data.Time, NullLogger<BackupService>.Instance);
        var scheduler = new BackupScheduler(service, 30, data.Time, NullLogger<BackupScheduler>.Instance);

        await scheduler.RunOnceAsync(CancellationToken.None);
        data.Time.Advance(TimeSpan.FromHours(1));
        await scheduler.RunOnceAsync(CancellationToken.None);
        Assert.Single(service.List());

        data.Time.Advance(TimeSpan.FromHours(23));
        await scheduler.RunOnceAsync(CancellationToken.None);
        Assert.Equal(2, service.List().Count);

        data.Time.Advance(TimeSpan.FromDays(31));
        await scheduler.RunOnceAsync(CancellationToken.None);
        var left = Assert.Single(service.List());
        Assert.Equal(data.Time.GetUtcNow(), left.CreatedAt);
        // Only whole archives and their manifests: no partial file survives.
        Assert.Equal(2, Directory.GetFiles(dir).Length);
        Assert.Empty(Directory.GetFiles(dir, ".*"));
    }
}
