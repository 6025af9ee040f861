namespace Hiy.Store;

/// <summary>The database could not be opened, migrated, read or written; the message names the file or the subject.</summary>
public sealed class StoreException(string message, Exception? inner = null, bool diskFull = false) : Exception(message, inner), Core.IDiskFullSignal
{
    /// <summary>SQLite answered SQLITE_FULL: the write did not happen because the disk is full.</summary>
    public bool IsDiskFull { get; } = diskFull;
}
