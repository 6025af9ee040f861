namespace Hiy.Ops.Backups;

public enum BackupErrorKind
{
    NotFound,
    /// <summary>The archive failed a check; <see cref="BackupError.Field"/> names the entry.</summary>
    Invalid,
    Conflict,
    NoSpace,
}

/// <summary>Why a backup operation did not happen; nothing was changed.</summary>
public sealed record BackupError(BackupErrorKind Kind, string Detail, string? Field = null)
{
    public static BackupError From(BackupCheck check) => new(BackupErrorKind.Invalid, $"{check.Entry}: {check.Detail}", check.Entry);
}

/// <summary>A backup operation's value or its error.</summary>
public sealed record BackupResult<T>(T? Value, BackupError? Error) where T : class
{
    public static implicit operator BackupResult<T>(T value) => new(value, null);
    public static implicit operator BackupResult<T>(BackupError error) => new(null, error);
}
