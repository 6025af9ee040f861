namespace Hiy.Core;

/// <summary>An error that may mean the disk is full, for errors that are not an <see cref="IOException"/> (SQLite's SQLITE_FULL).</summary>
public interface IDiskFullSignal
{
    bool IsDiskFull { get; }
}

/// <summary>The one test for "this failed because the disk is full", wherever in the chain of causes it shows.</summary>
public static class DiskFull
{
    private const int Enospc = 28;
    private const int Edquot = 122;

    public static bool IsCause(Exception? e)
    {
        for (; e is not null; e = e.InnerException)
        {
            // ENOSPC and EDQUOT surface as IOException with the errno in HResult's low bits.
            if (e is IOException io && (io.HResult & 0xFFFF) is Enospc or Edquot)
                return true;
            if (e is IDiskFullSignal { IsDiskFull: true })
                return true;
        }
        return false;
    }
}
