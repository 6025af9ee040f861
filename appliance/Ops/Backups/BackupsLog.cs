namespace Hiy.Ops.Backups;

/// <summary>Backups, restores and key rotation: EventIds 910–949.</summary>
internal static partial class BackupsLog
{
    [LoggerMessage(EventId = 910, Level = LogLevel.Information, Message = "master key rotated: {Count} sealed values re-sealed under the new key")]
    public static partial void KeyRotated(ILogger logger, int count);

    [LoggerMessage(EventId = 911, Level = LogLevel.Information, Message = "backup {Id} written ({Bytes} bytes, {Files} entries)")]
    public static partial void Created(ILogger logger, string id, long bytes, int files);

    [LoggerMessage(EventId = 912, Level = LogLevel.Error, Message = "backup not written: {Directory} is full")]
    public static partial void DiskFull(ILogger logger, string directory);

    [LoggerMessage(EventId = 913, Level = LogLevel.Information, Message = "backup {Id} uploaded and checked ({Bytes} bytes)")]
    public static partial void Uploaded(ILogger logger, string id, long bytes);

    [LoggerMessage(EventId = 914, Level = LogLevel.Warning, Message = "restore of backup {Id} refused: {Entry}: {Detail}")]
    public static partial void RestoreRefused(ILogger logger, string id, string entry, string detail);

    [LoggerMessage(EventId = 915, Level = LogLevel.Warning, Message = "restore of backup {Id} checked and staged; hiy stops now and applies it when it starts again")]
    public static partial void RestoreStaged(ILogger logger, string id);

    [LoggerMessage(EventId = 916, Level = LogLevel.Warning, Message = "symbolic link {Entry} -> {Target} left out of the backup: it points outside its directory")]
    public static partial void LinkSkipped(ILogger logger, string entry, string target);

    [LoggerMessage(EventId = 917, Level = LogLevel.Error, Message = "scheduled backup failed: {Reason}")]
    public static partial void ScheduledFailed(ILogger logger, string reason);

    [LoggerMessage(EventId = 918, Level = LogLevel.Information, Message = "{Count} backups older than {Days} days deleted")]
    public static partial void Pruned(ILogger logger, int count, int days);
}
