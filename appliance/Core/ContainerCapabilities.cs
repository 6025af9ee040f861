namespace Hiy.Core;

/// <summary>
/// The one list of Linux capabilities a container hiy runs may get back after <c>cap_drop: ALL</c>: an app's
/// <c>cap_add</c> and a compose service's are both checked against it.
/// </summary>
public static class ContainerCapabilities
{
    /// <summary>Capabilities a container may opt into; everything else (SYS_ADMIN, NET_ADMIN, …) would break the sandbox.</summary>
    public static readonly IReadOnlySet<string> Allowed = new HashSet<string>(StringComparer.Ordinal)
    {
        "CHOWN", "DAC_OVERRIDE", "FOWNER", "FSETID", "KILL", "SETGID", "SETUID", "SETPCAP", "NET_BIND_SERVICE", "NET_RAW", "SYS_CHROOT", "AUDIT_WRITE",
    };
}
