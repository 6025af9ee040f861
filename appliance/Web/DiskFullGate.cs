namespace Hiy.Web;

/// <summary>
/// Which writes still run on a full data disk: those that free space, and the sign-in that leads to them. Each needs only
/// the few KB that <c>Store/DiskGuard</c>'s given-up reserve left; every other write answers 507 before it starts.
/// </summary>
public static class DiskFullGate
{
    public static bool Frees(string method, PathString path) =>
        HttpMethods.IsDelete(method)
        || (HttpMethods.IsPost(method) && (path.Equals("/api/v1/auth/session", StringComparison.Ordinal)
                                           || path.Equals("/api/v1/auth/token", StringComparison.Ordinal)
                                           || path.Equals("/api/v1/system/cleanup", StringComparison.Ordinal)));
}
