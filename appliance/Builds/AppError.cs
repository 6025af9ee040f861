namespace Hiy.Builds;

/// <summary>How an app operation can fail, as the API (problem+json status) and the CLI (exit code) map it.</summary>
public enum AppErrorKind
{
    /// <summary>No such app or deploy (404).</summary>
    NotFound,
    /// <summary>The request is valid but the app's state refuses it: a name taken, nothing deployed, an image pruned (409).</summary>
    Conflict,
    /// <summary>A value the client sent is wrong; <see cref="AppError.Field"/> names it (422).</summary>
    Invalid,
    /// <summary>Docker did not answer (503): nothing was changed.</summary>
    Unavailable,
    /// <summary>The data disk is full (507): nothing was changed.</summary>
    NoSpace,
}

/// <summary>One failed app operation: what went wrong, in words that name the app and the thing.</summary>
public sealed record AppError(AppErrorKind Kind, string Title, string Detail, string? Field = null);

/// <summary>An app operation's value, or why there is none.</summary>
public sealed record AppResult<T>(T? Value, AppError? Error) where T : class
{
    public static implicit operator AppResult<T>(T value) => new(value, null);
    public static implicit operator AppResult<T>(AppError error) => new(null, error);
}
