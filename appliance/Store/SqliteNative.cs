using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using SQLitePCL;

namespace Hiy.Store;

/// <summary>
/// Binds Microsoft.Data.Sqlite to the SQLite hiy links itself. The native AOT binary links Debian's
/// static <c>libsqlite3.a</c> into the executable (DirectPInvoke of <c>sqlite3</c> in Hiy.csproj), so
/// `hiy` is one file with no <c>.so</c> beside it. The JIT build (dotnet run, the tests) loads the OS's
/// <c>libsqlite3.so.0</c>: plain probing would look for <c>libsqlite3.so</c>, which only the -dev
/// package installs.
/// </summary>
internal static class SqliteNative
{
    private static readonly Lock Gate = new();
    private static bool _done;

    public static void EnsureInitialized()
    {
        lock (Gate)
        {
            if (_done) return;
            if (RuntimeFeature.IsDynamicCodeSupported)
                NativeLibrary.SetDllImportResolver(typeof(SQLite3Provider_sqlite3).Assembly, Resolve);
            raw.SetProvider(new SQLite3Provider_sqlite3());
            _done = true;
        }
    }

    private static IntPtr Resolve(string name, Assembly assembly, DllImportSearchPath? path)
    {
        if (name != "sqlite3") return IntPtr.Zero;
        foreach (var candidate in (string[])["libsqlite3.so.0", "libsqlite3.so"])
            if (NativeLibrary.TryLoad(candidate, assembly, path, out var handle))
                return handle;
        return IntPtr.Zero;
    }
}
