using System.Runtime.InteropServices;

namespace Hiy.Core;

/// <summary>
/// Ends a whole process group (kill(2) with a negative pid). A CGI child that hiy starts in a session of
/// its own (<c>setsid</c>, see <see cref="ProcessRunner.StartStreamingInOwnGroup"/>) takes its children
/// with it into that group, including any whose parent already died and that a walk of hiy's process tree
/// would no longer find.
/// </summary>
public static class ProcessGroup
{
    private const int SigKill = 9;

    /// <summary>SIGKILL to every process of group <paramref name="groupId"/>; false when none was left.</summary>
    public static bool Kill(int groupId) =>
        // 0 and 1 would mean "our own group" and "everything": never.
        groupId > 1 && kill(-groupId, SigKill) == 0;

    /// <summary>True while any process of the group is alive (signal 0 only checks).</summary>
    public static bool Exists(int groupId) => groupId > 1 && kill(-groupId, 0) == 0;

    // DllImport, not LibraryImport: the signature is blittable (no marshalling stub, AOT-safe), and
    // LibraryImport's generator would need AllowUnsafeBlocks for the whole appliance.
#pragma warning disable SYSLIB1054
    [DllImport("libc", EntryPoint = "kill")]
    private static extern int kill(int pid, int sig);
#pragma warning restore SYSLIB1054
}
