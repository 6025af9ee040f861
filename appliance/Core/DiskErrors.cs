namespace Hiy.Core;

/// <summary>Tells a full disk from other I/O failures, so the API can answer 507 instead of 500.</summary>
public static class DiskErrors
{
    /// <summary>ENOSPC (28) or EDQUOT (122) in the low bits of .NET's HResult on Linux.</summary>
    public static bool IsDiskFull(IOException e) => (e.HResult & 0xFFFF) is 28 or 122;
}
