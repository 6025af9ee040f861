namespace Hiy.Store;

/// <summary>The database could not be opened, migrated, read or written; the message names the file or the subject.</summary>
public sealed class StoreException(string message, Exception? inner = null) : Exception(message, inner);
