using Hiy.Ops.Backups;

namespace Hiy.Tests.Ops.Backups;

public class BackupPolicyTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 2, 3, 0, 0, TimeSpan.Zero);

    private static BackupInfo At(int daysAgo) => new($"d{daysAgo}", Now.AddDays(-daysAgo), 1, "v", 8, false, 1);

    [Theory]
    [InlineData(null, true)]
    [InlineData(23.9, false)]
    [InlineData(24.0, true)]
    public void Due_NewestBackupAge_DueAfterADay(double? hoursAgo, bool due) =>
        Assert.Equal(due, BackupPolicy.Due(hoursAgo is { } h ? Now.AddHours(-h) : null, Now));

    [Fact]
    public void Expired_OlderThanRetention_ListedExceptTheNewest()
    {
        var expired = BackupPolicy.Expired([At(1), At(29), At(31), At(45)], Now, 30);
        Assert.Equal(["d31", "d45"], expired.Select(b => b.Id));
    }

    [Fact]
    public void Expired_OnlyOldBackups_NewestKept()
    {
        Assert.Equal(["d50"], BackupPolicy.Expired([At(40), At(50)], Now, 30).Select(b => b.Id));
        Assert.Empty(BackupPolicy.Expired([At(40)], Now, 30));
        Assert.Empty(BackupPolicy.Expired([At(40), At(50)], Now, 0));
    }
}
